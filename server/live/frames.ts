/**
 * The frame builder lives in the transport module (`transport/transport.ts`). This re-export
 * stays for `group-commit.ts` until it imports from there; new code imports the transport.
 */
export { textFrame } from './transport/transport';
