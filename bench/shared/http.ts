/**
 * fetch that retries network failures (not HTTP statuses): a service busy with a batch can let a
 * kept-alive connection lapse, and undici then fails the next request on it.
 */
export async function fetchRetrying(url: string, init?: RequestInit, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
