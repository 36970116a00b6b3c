import { CoreSchema1764030000000 } from './1764030000000-core-schema.js';
import { AlertsSchema1764040000000 } from './1764040000000-alerts-schema.js';
import { GenealogyQueries1764300000000 } from './1764300000000-genealogy-queries.js';
import { AccessAndAudit1764400000000 } from './1764400000000-access-and-audit.js';
import { UnstorableRejections1764500000000 } from './1764500000000-unstorable-rejections.js';
import { PipelineAlerts1764520000000 } from './1764520000000-pipeline-alerts.js';
import { BurnIn1764600000000 } from './1764600000000-burn-in.js';
import { Dispositions1764700000000 } from './1764700000000-dispositions.js';
import { RackPassports1764800000000 } from './1764800000000-rack-passports.js';
import { SiteArchiveAndAndon1764900000000 } from './1764900000000-site-archive-and-andon.js';
import { SerialSearchAndTraceCase1765000000000 } from './1765000000000-serial-search-and-trace-case.js';
import { CfxMessageRecords1765100000000 } from './1765100000000-cfx-message-records.js';
import { TransitionRelay1765200000000 } from './1765200000000-transition-relay.js';
import { SerialSearchLowerCase1765300000000 } from './1765300000000-serial-search-lower-case.js';
import { RackUpdatesInPlace1765400000000 } from './1765400000000-rack-updates-in-place.js';
import { TransitionEventIdIndex1765500000000 } from './1765500000000-transition-event-id-index.js';
import { AcceptedEventsStoredOnce1765600000000 } from './1765600000000-accepted-events-stored-once.js';

/** Ordered list of every migration; never edit a committed one, add a new one. */
export const MIGRATIONS = [
  CoreSchema1764030000000,
  AlertsSchema1764040000000,
  GenealogyQueries1764300000000,
  AccessAndAudit1764400000000,
  UnstorableRejections1764500000000,
  PipelineAlerts1764520000000,
  BurnIn1764600000000,
  Dispositions1764700000000,
  RackPassports1764800000000,
  SiteArchiveAndAndon1764900000000,
  SerialSearchAndTraceCase1765000000000,
  CfxMessageRecords1765100000000,
  TransitionRelay1765200000000,
  SerialSearchLowerCase1765300000000,
  RackUpdatesInPlace1765400000000,
  TransitionEventIdIndex1765500000000,
  AcceptedEventsStoredOnce1765600000000,
];
