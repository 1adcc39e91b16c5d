// The core's exports: pure i64 functions by domain. No strings, no I/O, no imports.
export * from "./civil";
export * from "./leap";
export * from "./heap";
export * from "./deadline";
export * from "./smear";
export * from "./drift";
export * from "./allan";
export * from "./jitter";
