import { emulatorCredentialDefaults } from './credentials';

describe(emulatorCredentialDefaults.name, () => {
  it('adds no credentials without AWS_ENDPOINT_URL, so the default chain (profile, SSO, role) decides', () => {
    expect(emulatorCredentialDefaults({})).toEqual({});
    expect(emulatorCredentialDefaults({ AWS_PROFILE: 'prod', AWS_ENDPOINT_URL: '' })).toEqual({});
  });

  it('fills in the emulator credentials when AWS_ENDPOINT_URL points at an emulator', () => {
    expect(emulatorCredentialDefaults({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual({
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  });

  it('keeps credentials that are already set', () => {
    const sut = emulatorCredentialDefaults({
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      AWS_ACCESS_KEY_ID: 'mine',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(sut).toEqual({});
  });
});
