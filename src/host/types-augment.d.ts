/**
 * What @types/photoshop 25.0.4 lacks, from the UXP documentation:
 * - action.recordAction (Photoshop 25.0+, "Recording an Action Step Provided by a UXP Plugin");
 * - the executeAsModal `timeOut` option (milliseconds to wait for another modal state).
 */
import 'photoshop/dom/CoreModules';

declare module 'photoshop/dom/CoreModules' {
  interface ExecuteAsModalOptions {
    timeOut?: number;
  }
  namespace photoshopAction {
    function recordAction(options: { name: string; methodName: string }, info: object): Promise<void>;
  }
}
