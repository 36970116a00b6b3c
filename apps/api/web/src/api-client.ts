/** An answer other than 2xx, in the API's error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The API's per-field reasons on a 400, worded for people. */
    readonly reasons: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The read API on this origin, with the manager token the page was given. */
export class ApiClient {
  constructor(private readonly token: string) {}

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiFailure(0, 'The api cannot be reached');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        message?: string;
        errors?: { reason?: string }[];
      } | null;
      const reasons = (body?.errors ?? []).flatMap((error) => (error.reason ? [error.reason] : []));
      throw new ApiFailure(response.status, body?.message ?? response.statusText, reasons);
    }
    return (await response.json()) as T;
  }

  /** A JSON POST (acknowledging an alert): the answer's body, or an ApiFailure with the api's reasons. */
  async post<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiFailure(0, 'The api cannot be reached');
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as {
        message?: string;
        errors?: { reason?: string }[];
      } | null;
      const reasons = (problem?.errors ?? []).flatMap((error) => (error.reason ? [error.reason] : []));
      throw new ApiFailure(response.status, problem?.message ?? response.statusText, reasons);
    }
    return (await response.json()) as T;
  }

  /**
   * Saves what `path` answers as a file: fetched with the token (a plain link could not send it), then handed to
   * the browser as a download.
   */
  async download(path: string, filename: string, accept = '*/*'): Promise<void> {
    const response = await fetch(path, { headers: { authorization: `Bearer ${this.token}`, accept } });
    if (!response.ok) throw new ApiFailure(response.status, response.statusText);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its copy once click() returns; the page does not need the object URL any longer.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  /** The EventSource URL: browsers' EventSource cannot send headers, so the token rides in the query. */
  streamUrl(site: string): string {
    const query = new URLSearchParams({ site, token: this.token });
    return `/v1/stream?${query.toString()}`;
  }
}
