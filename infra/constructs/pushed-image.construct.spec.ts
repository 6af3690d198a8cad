import { DataAwsEcrImage } from '@cdktf/provider-aws/lib/data-aws-ecr-image';
import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { Testing } from 'cdktf';
import { synthJson } from '../testing/fixtures';
import { PushedImageConstruct, PushedImageProps } from './pushed-image.construct';

describe(PushedImageConstruct.name, () => {
  const props: PushedImageProps = { repositoryName: 'orders/order-receiver', imageTag: 'a1b2c3d' };
  const build = (overrides: Partial<PushedImageProps> = {}) =>
    synthJson((scope) => {
      new PushedImageConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('reads the repository and the tagged image, so a plan fails when either is missing', () => {
    const { synth } = build();
    expect(synth).toHaveDataSourceWithProperties(DataAwsEcrRepository, { name: 'orders/order-receiver' });
    expect(synth).toHaveDataSourceWithProperties(DataAwsEcrImage, {
      repository_name: 'orders/order-receiver',
      image_tag: 'a1b2c3d',
    });
  });

  it('builds nothing and creates no repository', () => {
    const { json } = build();
    expect(json.resource ?? {}).toEqual({});
  });

  it('points the image at the repository URL with the tag', () => {
    let sut: PushedImageConstruct | undefined;
    Testing.synthScope((scope) => {
      sut = new PushedImageConstruct(scope, 'sut', props);
    });
    expect(sut!.imageUri).toMatch(/:a1b2c3d$/);
  });

  it.each(['latest', '', '-leading-dash', 'has space', 'x'.repeat(129)])(
    'refuses the tag "%s"',
    (imageTag) => {
      expect(() => build({ imageTag })).toThrow(/invalid image tag/);
    },
  );

  it('refuses an invalid repository name', () => {
    expect(() => build({ repositoryName: 'Orders/Receiver' })).toThrow(/invalid repository name/);
  });
});
