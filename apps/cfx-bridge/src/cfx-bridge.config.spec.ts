import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from '#config';
import { CfxBridgeConfig } from './cfx-bridge.config.js';

describe('CfxBridgeConfig', () => {
  it('defaults to the local RabbitMQ and the cfx queue', () => {
    const config = loadConfig('cfx-bridge', CfxBridgeConfig, {});
    expect(config).toMatchObject({
      PORT: 3004,
      CFX_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      CFX_AMQP_ADDRESS: '/queue/cfx',
      CFX_AMQP_CREDIT: 50,
    });
  });

  it.each([
    ['CFX_AMQP_URL', 'http://127.0.0.1:5672'],
    ['CFX_AMQP_URL', 'amqp://host:5672/vhost path'],
    ['CFX_AMQP_ADDRESS', `/queue/${'x'.repeat(200)}`],
    ['CFX_AMQP_ADDRESS', '/queue/with space'],
    ['CFX_AMQP_CREDIT', '0'],
    ['CFX_BRIDGE_HANDLE', 'has space'],
  ])('stops the start-up on %s=%j, naming the variable', (name, value) => {
    const attempt = () => loadConfig('cfx-bridge', CfxBridgeConfig, { [name]: value });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(name);
  });
});
