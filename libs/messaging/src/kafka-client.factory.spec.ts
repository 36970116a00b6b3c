import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafka-client.factory.js';

const entry = (namespace: string, level: logLevel, message: string) => ({
  namespace,
  level,
  log: { timestamp: '2026-12-07T01:16:07.103Z', logger: 'kafkajs', message },
});

describe('kafkaLogLevel', () => {
  it.each([
    ['Consumer', 'Crash: KafkaJSNoBrokerAvailableError: No broker available'],
    ['Consumer', 'Restarting the consumer in 200ms'],
  ])('writes a consumer crash kafkajs restarts from (%s: %s) as a warning', (namespace, message) => {
    expect(kafkaLogLevel(entry(namespace, logLevel.ERROR, message))).toBe('warn');
  });

  it.each([
    ['Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', 'error'],
    ['Producer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', 'error'],
    ['Consumer', logLevel.ERROR, 'The group is rebalancing, re-joining', 'error'],
    ['Consumer', logLevel.WARN, 'Crash: something', 'warn'],
    ['Consumer', logLevel.INFO, 'Consumer has joined the group', 'log'],
  ])('keeps every other entry at its own level (%s, %s: %s)', (namespace, level, message, expected) => {
    expect(kafkaLogLevel(entry(namespace, level as logLevel, message))).toBe(expected);
  });
});
