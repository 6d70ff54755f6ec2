/**
 * A tar archive as Python's tarfile writes it (ustar headers, a PAX record for long paths), built in memory so tests
 * can serve Replicate's `trained_model.tar` without a tar binary.
 */
export function tarArchive(files: { path: string; bytes: Uint8Array; pax?: boolean }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    if (file.pax) {
      const record = paxRecord('path', file.path);
      blocks.push(header('././@PaxHeader', record.length, 'x'), padded(record));
      blocks.push(header(file.path.slice(0, 99), file.bytes.byteLength, '0'), padded(Buffer.from(file.bytes)));
    } else {
      blocks.push(header(file.path, file.bytes.byteLength, '0'), padded(Buffer.from(file.bytes)));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function header(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar\x0000', 257, 'latin1');
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
