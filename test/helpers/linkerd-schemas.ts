/**
 * Linkerd's policy CRDs have no kubernetes-models package. Their schemas are kept here, as
 * published in Linkerd's CRDs, once a component emits them.
 */
type Validate = (this: unknown) => void;

export function linkerdValidator(_apiVersion: string, _kind: string): Validate | undefined {
  return undefined;
}
