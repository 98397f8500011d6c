// Every prompt the server sends lives in this folder, one file per task, each with a version
// recorded in message metadata so answers can be traced to the prompt that produced them.
// Add a task: create prompts/<task>.ts exporting { version, system, build(...) } and export it here.
export const PROMPTS_VERSION = '2026-11-25';
