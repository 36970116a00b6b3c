/**
 * What the factory knows about one shipped rack, as read from the database at sealing: the as-built tree at ship
 * time and the evidence of how it was built and tested. Plain data, so the document built from it is a pure
 * function of the facts, the version and the seal time.
 */
export interface PassportFacts {
  readonly rack: {
    readonly serial: string;
    readonly model: string;
    readonly siteId: string;
    readonly lineId: string;
    readonly startedAt: Date;
    readonly shippedAt: Date;
    readonly shipEventId: string;
    readonly reworkCount: number;
    readonly failureCount: number;
  };
  // Installed when the rack shipped, parents before children.
  readonly parts: readonly PassportPart[];
  // Taken out in rework before the rack shipped.
  readonly replaced: readonly ReplacedPart[];
  readonly burnInRuns: readonly BurnInRun[];
  readonly measurements: readonly PassportMeasurement[];
  readonly failures: readonly PassportFailure[];
}

export interface PassportPart {
  readonly serial: string;
  readonly partNumber: string;
  readonly kind: string;
  readonly supplierId: string;
  readonly supplierName: string | null;
  readonly supplierCountry: string | null;
  readonly lot: string;
  readonly parentSerial: string | null;
  readonly installedAt: Date;
}

export interface ReplacedPart extends PassportPart {
  readonly removedAt: Date;
}

/** One run of a timed stage (burn-in): where and how long it soaked, and how it ended. */
export interface BurnInRun {
  readonly stage: string;
  readonly stationId: string;
  readonly cell: string | null;
  readonly position: number | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly result: string;
}

export interface PassportMeasurement {
  readonly stage: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly low: number | null;
  readonly high: number | null;
  readonly passed: boolean;
  readonly occurredAt: Date;
}

export interface PassportFailure {
  readonly stage: string;
  readonly code: string;
  readonly componentSerial: string | null;
  readonly message: string | null;
  readonly action: string;
  readonly occurrence: number;
  readonly tableVersion: number;
  readonly occurredAt: Date;
}
