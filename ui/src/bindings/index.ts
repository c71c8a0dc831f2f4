// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p strata bindings`.
// Do not edit by hand: a test fails when this file differs from what the Rust code generates.

export type AppInfo = { 
/**
 * The app's version (from Cargo.toml).
 */
version: string, 
/**
 * `debug` or `release`.
 */
buildProfile: string, 
/**
 * The Tauri version the app is built on.
 */
tauriVersion: string, 
/**
 * The folder holding the rotating log files.
 */
logDir: string, 
/**
 * Today's log file.
 */
logFile: string, 
/**
 * True when Bedrock calls go to the embedded emulator.
 */
demoMode: boolean, };

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace";

export type LogLine = { 
/**
 * Increases by one per line, so the UI can merge replayed and live lines without repeats.
 */
seq: number, 
/**
 * Milliseconds since the Unix epoch.
 */
timeMs: number, 
/**
 * Severity.
 */
level: LogLevel, 
/**
 * The area shown in brackets, e.g. `inference-profile`.
 */
area: string, 
/**
 * The human message.
 */
message: string, 
/**
 * Structured fields, in the order they were recorded.
 */
fields: Array<[string, string]>, };

export type MenuAction = "about" | "settings";

export type AppEvent = { "type": "log", 
/**
 * The line.
 */
line: LogLine, } | { "type": "menu", 
/**
 * What to do.
 */
action: MenuAction, };

export type IpcErrorKind = "NoCredentials" | "ExpiredCredentials" | "AccessDenied" | "RegionMismatch" | "Throttled" | "Network" | "NotFound" | "Validation" | "Conflict" | "Internal";

export type IpcError = { 
/**
 * Which kind of error, for the UI to choose its presentation.
 */
kind: IpcErrorKind, 
/**
 * One sentence saying what went wrong.
 */
message: string, 
/**
 * What the user can do next, when there is something.
 */
hint: string | null, };
