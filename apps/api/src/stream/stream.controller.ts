import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Logger,
  Query,
  Req,
  Res,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AccessAuthenticator,
  AccessDirectoryUnavailableError,
  AllowQueryToken,
  bearerToken,
  CurrentPrincipal,
  HttpProblemException,
  type Principal,
} from '#platform';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { FiringAlertsWatcher } from './firing-alerts.watcher.js';
import { LiveFeed, type LiveEvent } from './live-feed.js';
import { OpenStreams, type OpenStream } from './open-streams.js';
import { SiteStatusMonitor } from './site-status.monitor.js';
import { LiveAlertsView } from './live-stream.view.js';
import { StreamQueryDto } from './stream.dto.js';

// A client this far behind is not reading; it reconnects with Last-Event-ID and replays instead.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RECONNECT_MS = 2000;
// With ACCESS_CACHE_TTL_MS=0 (no cache), open streams are still re-checked no more often than this.
const MIN_REVALIDATE_MS = 1000;

const DESCRIPTION = `Server-Sent Events (\`text/event-stream\`). Event types, each \`data\` a JSON object:

- \`hello\` — first, on every connection: \`{ instance, resumed, keepAliveMs }\`; \`resumed\` says whether Last-Event-ID could be
  honoured; \`keepAliveMs\` is how often \`keepalive\` comes.
- \`keepalive\` — \`{}\` every \`LIVE_KEEPALIVE_MS\` (15 s): keeps proxies from closing an idle stream, and lets a client that
  hears neither it nor anything else for two intervals know its figures are stale.
- \`resync\` — the stream could not replay what this client missed (another api instance, a restart, or too long away):
  reload anything kept from earlier events. Current \`progress\`, \`wip\` and \`alerts\` follow at once.
- \`transition\` — a rack changed state, as the tracker announced it on \`rack-transitions\` (each once).
- \`progress\` — the site's weekly progress changed (body of \`GET /v1/sites/{siteId}/progress\`).
- \`wip\` — the site's work in progress changed (body of \`GET /v1/sites/{siteId}/wip\`).
- \`alerts\` — the site's firing alerts changed: \`{ siteId, firing: [...] }\`.
- \`revoked\` — last, when the token that opened the stream was revoked: \`{ reason }\`. The server then ends the
  stream; reconnecting with the same token gets 401. Open streams are re-checked every \`ACCESS_CACHE_TTL_MS\`.

Shared events carry \`id:\`; reconnect with \`Last-Event-ID\` (EventSource does so by itself) to receive what was missed
from the instance's replay buffer. With \`site\`, each (re)connection also starts with that site's current \`progress\`,
\`wip\` and \`alerts\` (without ids).

A token holds at most \`LIVE_MAX_CLIENTS_PER_TOKEN\` streams at once (429 beyond), an instance \`LIVE_MAX_CLIENTS\`
(503 beyond).`;

/** The live stream for the dashboard and any other client: a manager token, by header or by `?token=`. */
@ApiTags('live')
// The `alerts` event's data has a schema of its own, for the dashboard's generated types.
@ApiExtraModels(LiveAlertsView)
@ApiManagerAccess()
@Controller('v1/stream')
export class StreamController implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamController.name);
  /** Open streams, each with its way to end; a graceful shutdown ends them so the server can close. */
  private readonly open: OpenStreams;
  private revalidation: NodeJS.Timeout | undefined;

  constructor(
    private readonly feed: LiveFeed,
    private readonly monitor: SiteStatusMonitor,
    private readonly alerts: FiringAlertsWatcher,
    private readonly authenticator: AccessAuthenticator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.open = new OpenStreams({
      total: config.LIVE_MAX_CLIENTS,
      perToken: config.LIVE_MAX_CLIENTS_PER_TOKEN,
    });
  }

  /**
   * A stream is authenticated once, when it opens, and may stay open for days. So the tokens of open streams are
   * asked about again every ACCESS_CACHE_TTL_MS, past the cache: a token revoked on any instance ends its streams
   * within that time, as it ends its other requests. One query per distinct token per period, not per stream.
   */
  onModuleInit(): void {
    const periodMs = Math.max(MIN_REVALIDATE_MS, this.config.ACCESS_CACHE_TTL_MS);
    this.revalidation = setInterval(() => void this.endRevokedStreams(), periodMs);
    this.revalidation.unref();
  }

  private async endRevokedStreams(): Promise<void> {
    const ended = await this.open.endRevoked(async (token) => {
      try {
        return (await this.authenticator.revalidate(token)) !== null;
      } catch (error) {
        if (error instanceof AccessDirectoryUnavailableError) return null;
        throw error;
      }
    });
    if (ended > 0) this.logger.log({ msg: 'ended live streams of revoked tokens', streams: ended });
  }

  @Get()
  @AllowQueryToken()
  @ApiOperation({
    summary: 'Live transitions, progress, WIP and alerts (Server-Sent Events)',
    description: DESCRIPTION,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  async stream(
    @Query() query: StreamQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const admission = this.open.admission(principal.id);
    if (!admission.admitted) {
      throw new HttpProblemException(admission.status, admission.message, {
        headers: { 'Retry-After': '5' },
      });
    }
    // The guard accepted the header's token if there was one, else the query's: the same one is checked again.
    const token = bearerToken(request.header('authorization')) ?? query.token ?? '';
    const site = query.site ?? null;
    const wanted = (event: LiveEvent) => site === null || event.siteId === null || event.siteId === site;

    // Events published while this connection replays and loads its snapshot wait here, then follow in order.
    const queued: LiveEvent[] = [];
    let live = false;
    let closed = false;
    const unsubscribe = this.feed.subscribe((event) => {
      if (!wanted(event)) return;
      if (live) send(event.type, event.data, event.id);
      else queued.push(event);
    });
    const release = site === null ? () => undefined : this.monitor.watch(site);
    // An event, not a comment line: EventSource hides comments from the page, which watches for silence.
    const heartbeat = setInterval(() => send('keepalive', {}), this.config.LIVE_KEEPALIVE_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      this.open.delete(openStream);
      clearInterval(heartbeat);
      unsubscribe();
      release();
    };
    const openStream: OpenStream = {
      principalId: principal.id,
      token,
      end: (reason) => {
        if (reason === 'revoked')
          send('revoked', { reason: 'the token that opened this stream was revoked' });
        close();
        response.end();
      },
    };
    this.open.add(openStream);
    request.on('close', close);

    function write(chunk: string): void {
      if (closed) return;
      response.write(chunk);
      if (response.writableLength > MAX_BUFFERED_BYTES) openStream.end('shutdown');
    }
    function send(type: string, data: unknown, id?: string): void {
      write(`${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    }

    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and friends buffer responses by default; a live stream must not be.
      'X-Accel-Buffering': 'no',
    });
    write(`retry: ${RECONNECT_MS}\n\n`);

    const lastEventId = request.header('last-event-id') ?? query.lastEventId;
    const replay = lastEventId === undefined ? null : this.feed.since(lastEventId);
    send('hello', {
      instance: this.feed.instance,
      resumed: replay?.kind === 'events',
      keepAliveMs: this.config.LIVE_KEEPALIVE_MS,
    });
    if (replay?.kind === 'gap')
      send('resync', { reason: 'the events since Last-Event-ID are no longer available here' });
    const replayed = new Set<string>();
    if (replay?.kind === 'events') {
      for (const event of replay.events.filter(wanted)) {
        replayed.add(event.id);
        send(event.type, event.data, event.id);
      }
    }

    if (site !== null) {
      try {
        const [status, alerts] = await Promise.all([this.monitor.current(site), this.alerts.current(site)]);
        send('progress', status.progress);
        send('wip', status.wip);
        send('alerts', alerts);
      } catch (error) {
        this.logger.warn({ msg: 'cannot load the site status for a new stream', site, error: String(error) });
      }
    }
    // The snapshot just sent supersedes progress and WIP computed while it loaded; transitions and alerts follow.
    for (const event of queued) {
      if (replayed.has(event.id) || ((event.type === 'progress' || event.type === 'wip') && site !== null))
        continue;
      send(event.type, event.data, event.id);
    }
    live = true;
  }

  /** Clients reconnect (to another instance, or to this one restarted) and resume with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    clearInterval(this.revalidation);
    this.open.endAll();
  }
}
