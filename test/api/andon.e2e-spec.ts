import { afterAll, describe, expect, it } from '@jest/globals';
import type { AlertView } from '../../apps/api/src/alerts/alert.view.js';
import type { Problem } from '../../apps/api/src/common/problem.view.js';
import type { LiveAlertsView } from '../../apps/api/src/stream/live-stream.view.js';
import { ADMIN_TOKEN, type TestDatabase } from '../support/stack.js';
import { apiSuite, jsonClient } from './api-fixtures.js';
import { openStream, type OpenStream } from './sse-client.js';

const MINUTE = 60_000;

interface AuditPage {
  items: { action: string; actor: { name: string }; before: unknown; after: unknown }[];
}

let stage = 0;

/** A firing (or resolved) stage-starvation alert as the alerts service writes it; returns its id. */
async function insertAlert(
  database: TestDatabase,
  status: 'firing' | 'resolved',
  firedMinutesAgo: number,
  title: string,
): Promise<string> {
  const [row] = await database.query<{ id: string }>(
    `INSERT INTO alert (rule, site_id, subject, status, severity, peak_severity, pending_since, fired_at, resolved_at, title, figures)
     VALUES ('stage_starvation', 'site-a', $5, $1, 'warning', 'warning', $2, $2, $3, $4, '{}') RETURNING id`,
    [
      status,
      new Date(Date.now() - firedMinutesAgo * MINUTE),
      status === 'resolved' ? new Date() : null,
      title,
      // One open alert per rule, site and subject: each test's alert is about a stage of its own.
      `stage_${(stage += 1)}`,
    ],
  );
  return row!.id;
}

describe('api: andon — a named person acknowledges a firing alert (audited), its escalation timer stops', () => {
  const { database, api, client } = apiSuite('api_andon', { env: { LIVE_ALERTS_POLL_MS: '200' } });
  const streams: OpenStream[] = [];
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  it('shows the escalation time while nobody has taken it, then who took it, when and their note', async () => {
    const id = await insertAlert(database, 'firing', 5, 'Behind plan at site-a');
    const before = (await client.get<AlertView>(`/v1/alerts/${id}`)).body;
    expect(before).toMatchObject({ acknowledgedBy: null, acknowledgedAt: null, acknowledgeNote: null });
    expect(Date.parse(before.escalatesAt!) - Date.parse(before.firedAt!)).toBe(15 * MINUTE);

    const token = (
      await jsonClient(api.url, ADMIN_TOKEN).post<{ token: string }>('/v1/tokens', {
        name: 'wall screen line 2',
        role: 'manager',
      })
    ).body.token;
    const stream = await openStream(`${api.url}/v1/stream?site=site-a&token=${token}`);
    streams.push(stream);
    const firstAlerts = await stream.next((event) => event.event === 'alerts');
    expect((firstAlerts.data as LiveAlertsView).firing).toEqual([
      expect.objectContaining({ id, acknowledgedBy: null, escalatesAt: before.escalatesAt }),
    ]);

    const acknowledged = await jsonClient(api.url, token).post<AlertView>(`/v1/alerts/${id}/acknowledge`, {
      by: '  Dana Ruiz ',
      note: 'Line 2 restarted, watching',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      id,
      status: 'firing',
      acknowledgedBy: 'Dana Ruiz',
      acknowledgeNote: 'Line 2 restarted, watching',
      escalatesAt: null,
    });
    expect(Date.now() - Date.parse(acknowledged.body.acknowledgedAt!)).toBeLessThan(MINUTE);

    // The wall screens hear it: the banner's item now says who took it, and no timer.
    const update = await stream.next(
      (event) =>
        event.event === 'alerts' &&
        (event.data as LiveAlertsView).firing.some((alert) => alert.acknowledgedBy === 'Dana Ruiz'),
    );
    expect((update.data as LiveAlertsView).firing[0]).toMatchObject({
      id,
      acknowledgedBy: 'Dana Ruiz',
      acknowledgedAt: acknowledged.body.acknowledgedAt,
      acknowledgeNote: 'Line 2 restarted, watching',
      escalatesAt: null,
    });

    // Audited: who made the call (the token's name) and whom they named.
    const audit = (
      await jsonClient(api.url, ADMIN_TOKEN).get<AuditPage>(`/v1/audit?subjectType=alert&subjectId=${id}`)
    ).body;
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'alert.acknowledge',
        actor: expect.objectContaining({ name: 'wall screen line 2' }),
        before: expect.objectContaining({ acknowledgedBy: null }),
        after: expect.objectContaining({
          acknowledgedBy: 'Dana Ruiz',
          acknowledgeNote: 'Line 2 restarted, watching',
        }),
      }),
    ]);
    const listed = (await client.get<{ items: AlertView[] }>('/v1/alerts?siteId=site-a')).body.items;
    expect(listed.find((alert) => alert.id === id)).toMatchObject({
      acknowledgedBy: 'Dana Ruiz',
      escalatesAt: null,
    });
  });

  it('answers 409 for an alert acknowledged already or resolved, and 404 for an unknown one', async () => {
    const id = await insertAlert(database, 'firing', 1, 'Behind plan again');
    expect((await client.post(`/v1/alerts/${id}/acknowledge`, { by: 'Ana' })).status).toBe(200);
    const again = await client.post<Problem>(`/v1/alerts/${id}/acknowledge`, { by: 'Bo' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Alert ${id} was acknowledged already by Ana`);

    const resolved = await insertAlert(database, 'resolved', 30, 'Was behind plan');
    const late = await client.post<Problem>(`/v1/alerts/${resolved}/acknowledge`, { by: 'Ana' });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(`Alert ${resolved} is resolved`);

    const unknown = await client.post<Problem>('/v1/alerts/999999/acknowledge', { by: 'Ana' });
    expect(unknown.status).toBe(404);
    expect((await client.get<Problem>('/v1/alerts/999999')).status).toBe(404);
  });

  it('refuses a missing, blank, multi-line or too long name and a note over 200 characters, naming the field', async () => {
    const id = await insertAlert(database, 'firing', 1, 'Behind plan once more');
    const refused = async (body: unknown) => {
      const response = await client.post<Problem>(`/v1/alerts/${id}/acknowledge`, body);
      expect(response.status).toBe(400);
      return [...new Set(response.body.errors?.map((error) => error.path))];
    };
    expect(await refused({})).toEqual(['by']);
    expect(await refused({ by: '   ' })).toEqual(['by']);
    expect(await refused({ by: 'Dana\nRuiz' })).toEqual(['by']);
    expect(await refused({ by: 'x'.repeat(81) })).toEqual(['by']);
    expect(await refused({ by: 'Dana', note: 'n'.repeat(201) })).toEqual(['note']);
    expect(await refused({ by: 'Dana', extra: true })).toEqual(['extra']);
    expect((await client.post<Problem>('/v1/alerts/not-an-id/acknowledge', { by: 'Dana' })).status).toBe(400);
    // Nothing was taken by the refused calls.
    expect((await client.get<AlertView>(`/v1/alerts/${id}`)).body.acknowledgedBy).toBeNull();
  });
});
