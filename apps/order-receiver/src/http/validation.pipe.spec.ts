import { BadRequestException } from '@nestjs/common';
import { CreateOrderDto } from '@app/contract';
import { createValidationPipe } from './validation.pipe';

const item = { productId: 'sku-1', quantity: 1, price: 1 };

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();

  /** The messages the pipe rejects `body` with, as the controllers' @Body() gets it. */
  async function messagesFor(body: unknown): Promise<unknown> {
    const rejection = await sut
      .transform(body, { type: 'body', metatype: CreateOrderDto, data: undefined })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(rejection).toBeInstanceOf(BadRequestException);
    return ((rejection as BadRequestException).getResponse() as { message: unknown }).message;
  }

  it('returns a valid order as a CreateOrderDto', async () => {
    const order = await sut.transform(
      { customerId: 'c', items: [item] },
      { type: 'body', metatype: CreateOrderDto, data: undefined },
    );
    expect(order).toBeInstanceOf(CreateOrderDto);
  });

  // Nest's pipe leaves out an error's object and value unless asked: both are needed here.
  it('suggests the known field for one in another case style', async () => {
    expect(await messagesFor({ customer_id: 'c', items: [item] })).toEqual([
      'customer_id is not a known field: did you mean `customerId`?',
      'customerId is required',
    ]);
  });

  it('names each element of items that is not an object', async () => {
    expect(await messagesFor({ customerId: 'c', items: [item, null, 5] })).toEqual([
      'items[1] must be an object',
      'items[2] must be an object',
    ]);
  });

  it.each([[[1, 2]], [null], ['x']])('says so when the body is %j', async (body) => {
    expect(await messagesFor(body)).toEqual(['body must be a JSON object']);
  });
});
