/**
 * What @types/photoshop 25.0.4 lacks, from the UXP documentation:
 * - action.recordAction (Photoshop 25.0+, "Recording an Action Step Provided by a UXP Plugin");
 * - the executeAsModal `timeOut` option (seconds to retry while another modal state holds; 25.10+).
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
