/** The endpoint used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = 'https://novapai.ai/api/v1';
