// Types for redos-inputs.mjs (plain JS so the dev-server middleware can import it too).
export declare const REDOS_INPUTS: Record<string, string>;
