/**
 * Local AWS stand-ins (serverless-offline's Lambda port, a local SQS server) check no signatures, but the
 * SDK still signs every request and fails without credentials: for a loopback endpoint, when none are
 * configured, placeholder ones are used. Real endpoints always get the SDK's normal credential chain.
 */
export function placeholderCredentialsFor(
  endpoint: string | undefined,
  environment: Record<string, string | undefined>,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  if (endpoint === undefined || environment.AWS_ACCESS_KEY_ID) return undefined;
  return isLoopbackUrl(endpoint) ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}
