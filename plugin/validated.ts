/**
 * Runs the library's validation of args converted from the plugin's shape, as a wrapper does
 * before it registers anything, naming the plugin's fields: `paths` maps a library path prefix
 * (e.g. `Route53Dns01Args.credentials.`, `CertificateArgs.issuer`) to the plugin's
 * (`Route53Dns01Args.`, `CertificateArgs.issuerRef`).
 */
export function validatedAs<T>(args: T, validate: (args: T) => void, paths: [string, string][]): T {
  try {
    validate(args);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    let message = e.message;
    for (const [from, to] of paths) message = message.split(from).join(to);
    throw new Error(message, { cause: e });
  }
  return args;
}
