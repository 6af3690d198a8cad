import { Construct } from 'constructs';
import { TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

export interface CertificateProps {
  /** The one name the certificate covers, e.g. `orders.example.com`. */
  readonly domainName: string;
  /** The public hosted zone that holds `domainName`, where the validation records go. */
  readonly zoneId: string;
  /**
   * The provider of the certificate's region (us-east-1 for CloudFront).
   * @default the stack's provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate for one DNS name, validated by DNS in the zone that holds the name. ACM
 * renews it by itself as long as the validation record stays. `certificateArn` is the ARN
 * once validation has completed: a listener or distribution given it waits for a usable
 * certificate. ACM asks for the same validation record for the same name in every region of an
 * account, so the records allow overwriting: a second certificate for the name (CloudFront's in
 * us-east-1 beside the load balancer's) takes over the identical record instead of failing.
 */
export class CertificateConstruct extends Construct {
  public readonly certificate: AcmCertificate;
  /** The validation CNAMEs, one per name of the certificate (created with for_each). */
  public readonly validationRecords: Route53Record;
  public readonly validation: AcmCertificateValidation;
  /** ARN of the validated certificate. */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    if (!/^[a-z0-9.-]+$/.test(props.domainName) || !props.domainName.includes('.')) {
      throw new Error(`CertificateConstruct: "${props.domainName}" is not a fully qualified DNS name`);
    }
    const { provider } = props;
    this.certificate = new AcmCertificate(this, 'certificate', {
      provider,
      domainName: props.domainName,
      validationMethod: 'DNS',
      // A replacement (another name) must be attached before the old one can be deleted.
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(
      this.certificate.domainValidationOptions,
      'domain_name',
    );
    this.validationRecords = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, 'validation', {
      provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(this.validationRecords).pluckProperty('fqdn'),
      ),
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
