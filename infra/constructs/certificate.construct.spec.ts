import { TerraformStack, Testing } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { onlyResource, resourcesOf, synthJson, TerraformJson } from '../testing/fixtures';
import { CertificateConstruct, CertificateProps } from './certificate.construct';

describe(CertificateConstruct.name, () => {
  const props: CertificateProps = { domainName: 'orders.example.com', zoneId: 'Z0123456789ABC' };
  const build = (overrides: Partial<CertificateProps> = {}) =>
    synthJson((scope) => {
      new CertificateConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('requests a DNS-validated certificate for the name, replaced before it is destroyed', () => {
    expect(build().synth).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'orders.example.com',
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
  });

  it('writes each validation CNAME ACM asks for into the zone, overwriting the same record of another region', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      zone_id: 'Z0123456789ABC',
      name: '${each.value.resource_record_name}',
      type: '${each.value.resource_record_type}',
      records: ['${each.value.resource_record_value}'],
      allow_overwrite: true,
    });
    expect(onlyResource(json, 'aws_route53_record').for_each).toMatch(
      /tolist\(aws_acm_certificate\.sut_certificate_\w+\.domain_validation_options\)/,
    );
  });

  it('waits for validation through those records', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(AcmCertificateValidation, {
      certificate_arn: expect.stringMatching(/aws_acm_certificate\.sut_certificate_\w+\.arn/),
      validation_record_fqdns: expect.stringMatching(
        /^\$\{\[ for key, val in aws_route53_record\.sut_validation-record_\w+: val\.fqdn\]\}$/,
      ),
    });
    expect(resourcesOf(json, 'aws_acm_certificate_validation')).toHaveLength(1);
  });

  it('puts the certificate and its validation in the provider given (us-east-1 for CloudFront)', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const provider = new AwsProvider(stack, 'us-east-1', { alias: 'us-east-1', region: 'us-east-1' });
    new CertificateConstruct(stack, 'sut', { ...props, provider });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    expect(onlyResource(json, 'aws_acm_certificate').provider).toBe('aws.us-east-1');
    expect(onlyResource(json, 'aws_acm_certificate_validation').provider).toBe('aws.us-east-1');
    // Route 53 is global: the records need no regional provider.
    expect(onlyResource(json, 'aws_route53_record').provider).toBeUndefined();
  });

  it('refuses a name that is not fully qualified', () => {
    expect(() => build({ domainName: 'orders' })).toThrow(/fully qualified/);
  });
});
