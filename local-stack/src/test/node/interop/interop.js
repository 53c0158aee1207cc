// Independent Confluent Schema Registry client (@kafkajs/confluent-schema-registry) used by
// RegistryInteropIT:  node interop.js decode URL IN_HEX_FILE  |  node interop.js encode URL SUBJECT OUT_HEX_FILE
const fs = require('fs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

async function main() {
  const [mode, url, a, b] = process.argv.slice(2);
  const registry = new SchemaRegistry({ host: url });
  if (mode === 'decode') {
    const bytes = Buffer.from(fs.readFileSync(a, 'utf8').trim(), 'hex');
    const value = await registry.decode(bytes);
    // Avro longs with logical types come back as numbers; print plain JSON.
    console.log(JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  } else if (mode === 'encode') {
    const id = await registry.getLatestSchemaId(a);
    const payload = {
      eventId: 'node-1', source: 'NODE', type: 'RECEIPT', sku: 'SKU-N', facilityId: 'wh-9',
      qohDiff: 7, atpDiff: 7, setQoh: null, setAtp: null, occurredAt: 1795438799000,
      orderId: null, orderChannel: null, shopifyLocationId: null, reason: 'from node',
    };
    const bytes = await registry.encode(id, payload);
    fs.writeFileSync(b, bytes.toString('hex'));
    console.log(`encoded with schema id ${id}`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
