/**
 * `unknownCheckingProxy` and `UnknownValueError` from @pulumi/policy. They are exported at
 * runtime (since 1.21) but typed `@internal`, so their declarations are stripped; typed here.
 */
import * as policy from "@pulumi/policy";

export interface UnknownValueError extends Error {
  /** Property path of the unknown value, e.g. `["spec", "acme", "server"]`. */
  readonly props: readonly (string | symbol)[];
}

const runtime = policy as unknown as {
  UnknownValueError: new (...args: never[]) => UnknownValueError;
  unknownCheckingProxy<T>(value: T): T;
};

export const UnknownValueError = runtime.UnknownValueError;
export const unknownCheckingProxy = runtime.unknownCheckingProxy;
