import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';

/** Problems of a value against one schema of the contract; empty when the value is valid. */
export type ContractValidator = (value: unknown) => string[];

export interface MessageValidators {
  payload?: ContractValidator;
  headers?: ContractValidator;
  /** The Kafka key, from the message's kafka binding. */
  key?: ContractValidator;
}

export interface ContractReport {
  severity: string;
  line: number | undefined;
  text: string;
}

export interface EventContract {
  document: AsyncAPIDocumentInterface | undefined;
  reports: ContractReport[];
  /** By message id (`components.messages`): stationEvent, rackTransition, deadLetter. */
  messages: Map<string, MessageValidators>;
  /** `components.schemas`, dereferenced, by name. */
  schemas: Map<string, Record<string, unknown>>;
}

export const CONTRACT_FILE: string;

export function loadEventContract(file?: string): Promise<EventContract>;
