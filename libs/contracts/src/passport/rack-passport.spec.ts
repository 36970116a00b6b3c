import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { fullRackFacts, hoursAfter } from './testing/passport-fixtures.js';
import { buildRackPassport } from './rack-passport.document.js';
import { publicJwkOf, signPassport, verifyPassport } from './passport-signature.js';

const key = () => generateKeyPairSync('ed25519').privateKey;
const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);

describe('the rack passport', () => {
  const facts = fullRackFacts();
  const signingKey = key();
  const signed = signPassport(
    buildRackPassport(facts, 1, hoursAfter(101), 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79'),
    signingKey,
  );
  const text = JSON.stringify(signed);

  it('is CycloneDX 1.6 that the strict validator accepts, signature included', async () => {
    expect(facts.parts).toHaveLength(237);
    expect(await validator.validate(text)).toBeNull();
    expect(signed).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
  });

  it('nests the as-built tree with serial, lot, supplier and country, and the evidence as properties', () => {
    const doc = signed as {
      metadata: { component: { type: string; properties: { name: string; value: string }[] } };
      components: { name: string; components?: unknown[] }[];
    };
    expect(doc.metadata.component.type).toBe('device');
    const rackProps = doc.metadata.component.properties;
    expect(rackProps).toEqual(
      expect.arrayContaining([
        { name: 'cdx:device:serialNumber', value: 'RK-PASS-1' },
        {
          name: 'rack-passport:burnIn',
          value:
            'stage=burn_in; station=BURNIN-07; location=BI-A1/12; start=2026-12-01T12:00:00.000Z; end=2026-12-03T10:00:00.000Z; hours=46; result=failed',
        },
        expect.objectContaining({
          name: 'rack-passport:rework',
          value: expect.stringContaining('removed=GPU-OLD; partNumber=PN-gpu'),
        }),
        expect.objectContaining({
          name: 'rack-passport:measurement',
          value: expect.stringContaining('name=gpu_max_temp; value=97 C; limits=..90; result=fail'),
        }),
      ]),
    );
    // 18 trays + 9 switch trays + 24 PSUs + 4 cartridges + 2 manifolds at the top; each tray holds 10 parts.
    expect(doc.components).toHaveLength(57);
    expect(doc.components.filter((c) => c.components?.length === 10)).toHaveLength(18);
    const manifold = JSON.stringify(doc.components.find((c) => JSON.stringify(c).includes('MAN-1')));
    expect(manifold).toContain('"cdx:device:lotNumber","value":"W47-A"');
    expect(manifold).toContain('"rack-passport:supplier:country","value":"TW"');
    expect(manifold).toContain('code=COOLANT-LOW_FLOW; disposition=reseat');
  });

  it('verifies, and names the key it was signed with', () => {
    const jwk = publicJwkOf(signingKey);
    expect(verifyPassport(JSON.parse(text), [jwk])).toEqual({ valid: true, keyId: jwk.kid });
  });

  it('fails on a one-byte change, naming the part that was altered', () => {
    const tampered = text.replace('"value":"GPU-7-3"', '"value":"GPU-7-4"');
    expect(tampered).not.toBe(text);
    const verdict = verifyPassport(JSON.parse(tampered));
    expect(verdict).toEqual({
      valid: false,
      problems: [
        'the signature does not match the document',
        expect.stringMatching(
          /^components\[\d+\]\.components\[\d+\] \(serial GPU-7-4\) was altered after signing$/,
        ),
      ],
    });
  });

  it('refuses a passport signed by a key the factory does not publish', () => {
    const other = publicJwkOf(key());
    const verdict = verifyPassport(JSON.parse(text), [other]);
    expect(verdict).toMatchObject({
      valid: false,
      problems: [expect.stringMatching(/^unknown key .+: not among the 1 keys/)],
    });
  });

  it('says when the signature is missing or the algorithm is not Ed25519', () => {
    const { signature: _signature, ...bare } = JSON.parse(text) as Record<string, unknown>;
    expect(verifyPassport(bare)).toEqual({ valid: false, problems: ['the passport has no signature'] });
    const rs256 = JSON.parse(text.replace('"algorithm":"Ed25519"', '"algorithm":"RS256"')) as unknown;
    expect(verifyPassport(rs256)).toEqual({
      valid: false,
      problems: ['signature.algorithm is "RS256", not "Ed25519"'],
    });
  });

  it('points outside the parts when only the envelope was changed', () => {
    const verdict = verifyPassport({ ...(JSON.parse(text) as object), version: 7 });
    expect(verdict).toMatchObject({
      valid: false,
      problems: ['the signature does not match the document', expect.stringContaining('outside them')],
    });
  });
});
