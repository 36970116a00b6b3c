import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { buildRackPassport, type RackTransitionMessage } from '#contracts';
import { BatchAbandonedError, type BatchControl, type ConsumedMessage } from '#messaging';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { PassportSigner } from './passport-signer.js';

/** A rack-transitions message that ships a rack; anything else (or anything unreadable) is not ours. */
function shipOf(message: ConsumedMessage): RackTransitionMessage | null {
  if (message.value === null) return null;
  try {
    const transition = JSON.parse(message.value.toString('utf8')) as RackTransitionMessage;
    return transition.to?.status === 'shipped' ? transition : null;
  } catch {
    return null;
  }
}

/**
 * Seals the passport of every rack a batch of rack-transitions ships: the as-built tree and the test evidence as
 * they stood at the ship event, read from PostgreSQL (which the tracker committed before announcing it), built,
 * signed and stored as the rack's next version, once per ship event however often it is delivered.
 */
@Injectable()
export class SealPassportsUseCase {
  private readonly logger = new Logger(SealPassportsUseCase.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly signer: PassportSigner,
    private readonly clock: Clock,
  ) {}

  /** Registers the signing key's public half, so the api can publish it before the first passport. */
  async registerKey(): Promise<void> {
    await this.uow.pool.passports.registerKey(this.signer.publicJwk);
  }

  /**
   * Seals the ships of a batch in order. Each seal takes ~10-20 ms, so a batch full of ships (a replay) would outlast
   * the session: the group is told we are alive after each one, and a batch whose partition moved is left at once.
   */
  async execute(messages: readonly ConsumedMessage[], control: BatchControl): Promise<number> {
    let sealed = 0;
    for (const message of messages) {
      const ship = shipOf(message);
      if (ship === null) continue;
      if (!control.isActive()) throw new BatchAbandonedError();
      if (await this.seal(ship)) sealed += 1;
      // A heartbeat refused mid-rebalance is not an error here: isActive() says so before the next seal.
      await control.heartbeat().catch(() => undefined);
    }
    return sealed;
  }

  private seal(ship: RackTransitionMessage): Promise<boolean> {
    return this.uow.write(async ({ passports }) => {
      const facts = await passports.factsAtShip(ship.rackSerial, ship.eventId);
      if (facts === undefined) {
        // Only a database restored to before the ship event gets here; the log says which rack to look at.
        this.logger.warn({
          msg: 'ship event not found; no passport sealed',
          rackSerial: ship.rackSerial,
          eventId: ship.eventId,
        });
        return false;
      }
      const sealedAt = this.clock.now();
      const serialNumber = `urn:uuid:${randomUUID()}`;
      const stored = await passports.insertNext({
        rackSerial: ship.rackSerial,
        shipEventId: ship.eventId,
        siteId: facts.rack.siteId,
        shippedAt: facts.rack.shippedAt,
        sealedAt,
        keyId: this.signer.publicJwk.kid,
        document: (version) =>
          JSON.stringify(this.signer.sign(buildRackPassport(facts, version, sealedAt, serialNumber))),
      });
      if (stored)
        this.logger.log({ msg: 'passport sealed', rackSerial: ship.rackSerial, parts: facts.parts.length });
      return stored;
    });
  }
}
