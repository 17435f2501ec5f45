import { Test } from '@nestjs/testing';
import { MessagingModule, type EventRelay, type InboxConsumer } from '../src';

describe('MessagingModule', () => {
  it('starts relays then consumers on bootstrap, and stops consumers then relays on shutdown', async () => {
    const calls: string[] = [];
    const fake = (name: string) => ({
      start: async () => void calls.push(`start ${name}`),
      stop: async () => void calls.push(`stop ${name}`),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({
            relays: [fake('relay') as unknown as EventRelay<unknown>],
            consumers: [fake('consumer') as unknown as InboxConsumer<unknown>],
          }),
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    expect(calls).toEqual(['start relay', 'start consumer']);
    await app.close();
    expect(calls).toEqual(['start relay', 'start consumer', 'stop consumer', 'stop relay']);
  });
});
