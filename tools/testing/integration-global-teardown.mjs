export default async function globalTeardown() {
  await globalThis.__DL_SERVERS__?.stop();
}
