/** A partner package: plain objects typed against @oellm/core's interfaces, no base classes. */
export { createBoilerplateStage } from './boilerplate-stage.js';
export { createClozeTask, type ClozeItem } from './cloze-task.js';
