/** Types for upload-client.mjs. */
export function postGenerated(
  url: string,
  bytes: number,
  options?: { cookie?: string; salt?: number },
): Promise<{ ms: number; status: number }>;
