import { appFromPath, tracingSettings } from './tracing-settings';

describe('tracingSettings', () => {
  it('is off when nothing would receive the spans', () => {
    expect(tracingSettings({}).enabled).toBe(false);
  });

  it('with OTEL_TRACES_ENABLED=true and no endpoint: ids without export, named after the app of the main module', () => {
    expect(tracingSettings({ OTEL_TRACES_ENABLED: 'true' }, '/work/main/apps/payments/src/main.ts')).toEqual({
      enabled: true,
      serviceName: 'payments',
      export: 'none',
      ratio: 1,
    });
  });

  it('exports through the SDK when an OTLP endpoint or an exporter is configured', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).export).toBe('env');
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }).export).toBe(
      'env',
    );
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }).export).toBe('env');
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }).export).toBe('none');
  });

  it('is on with an endpoint, and off with OTEL_SDK_DISABLED=true whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingSettings(endpoint).enabled).toBe(true);
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('prefers OTEL_SERVICE_NAME, else the app folder, else event-tickets', () => {
    expect(
      tracingSettings({ OTEL_SERVICE_NAME: 'tickets-eu' }, '/app/dist/apps/tickets/src/main.js').serviceName,
    ).toBe('tickets-eu');
    expect(tracingSettings({}, '/app/dist/apps/tickets/src/main.js').serviceName).toBe('tickets');
    expect(tracingSettings({}, '/usr/lib/node_modules/x/cli.js').serviceName).toBe('event-tickets');
  });

  it('samples new traces by ratio only with a traceidratio sampler', () => {
    expect(
      tracingSettings({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })
        .ratio,
    ).toBe(0.25);
    expect(tracingSettings({ OTEL_TRACES_SAMPLER_ARG: '0.25' }).ratio).toBe(1);
    expect(tracingSettings({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'x' }).ratio).toBe(
      1,
    );
  });
});

describe('appFromPath', () => {
  it('reads the app folder from source, built and Windows paths', () => {
    expect(appFromPath('/work/main/apps/users/src/main.ts')).toBe('users');
    expect(appFromPath('C:\\src\\dist\\apps\\marketing\\src\\main.js')).toBe('marketing');
    expect(appFromPath('libs/service-kit/test/fixtures/ledger.main.ts')).toBeUndefined();
    expect(appFromPath(undefined)).toBeUndefined();
  });
});
