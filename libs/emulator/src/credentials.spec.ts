import { emulatorCredentialDefaults } from './credentials';

const EMULATOR_KEYS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

describe(emulatorCredentialDefaults.name, () => {
  it('adds no credentials without an endpoint, so the default chain (profile, SSO, role) decides', () => {
    expect(emulatorCredentialDefaults({}, ['sqs', 'dynamodb'])).toEqual({});
    expect(emulatorCredentialDefaults({ AWS_PROFILE: 'prod', AWS_ENDPOINT_URL: '' }, ['sqs'])).toEqual({});
  });

  it('fills in the emulator credentials when AWS_ENDPOINT_URL points at an emulator', () => {
    expect(
      emulatorCredentialDefaults({ AWS_ENDPOINT_URL: 'http://localhost:4566' }, ['sqs', 'dynamodb']),
    ).toEqual(EMULATOR_KEYS);
  });

  it('fills them in when each service has an endpoint of its own (AWS_ENDPOINT_URL_<SERVICE>)', () => {
    const sut = emulatorCredentialDefaults(
      { AWS_ENDPOINT_URL_SQS: 'http://localhost:4566', AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567' },
      ['sqs', 'dynamodb'],
    );
    expect(sut).toEqual(EMULATOR_KEYS);
  });

  it('refuses a mix of emulator and AWS, naming the service left on AWS', () => {
    expect(() =>
      emulatorCredentialDefaults({ AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4567' }, ['sqs', 'dynamodb']),
    ).toThrow(/dynamodb .*emulator.* sqs .*AWS_ENDPOINT_URL_SQS/);
  });

  it('keeps credentials that are already set', () => {
    const sut = emulatorCredentialDefaults(
      {
        AWS_ENDPOINT_URL: 'http://localhost:4566',
        AWS_ACCESS_KEY_ID: 'mine',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
      ['sqs'],
    );
    expect(sut).toEqual({});
  });
});
