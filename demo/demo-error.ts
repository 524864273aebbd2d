/** A failure whose message is written for the person at the page, not for a developer console. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}
