/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal reader of the protobuf wire format over a byte buffer: varints, fixed 32/64-bit values and
 * length-delimited fields, with their absolute positions. Written here because reading ONNX weights needs only this
 * much, and because the export patches tensors in place, which needs the byte offsets a generated parser hides.
 * Not thread-safe.
 */
final class ProtobufReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final ByteBuffer buffer;
  private final int end;
  private int position;

  ProtobufReader(ByteBuffer buffer, int start, int end) {
    this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.position = start;
    this.end = end;
  }

  boolean hasMore() {
    return position < end;
  }

  int position() {
    return position;
  }

  /** The next field's tag (field number << 3 | wire type). */
  int readTag() {
    return (int) readVarint();
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buffer.get(position++);
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("malformed varint at byte " + position);
  }

  /** Reads a length prefix and returns the start of the bytes; the position moves past them. */
  int readLengthDelimited() {
    long length = readVarint();
    int start = position;
    if (length < 0 || start + length > end) {
      throw new IllegalArgumentException("field of " + length + " bytes at byte " + start + " runs past its message");
    }
    position = (int) (start + length);
    return start;
  }

  /** The length of the field whose bytes start at {@code start} and end at the current position. */
  int lengthSince(int start) {
    return position - start;
  }

  String readString() {
    int start = readLengthDelimited();
    byte[] bytes = new byte[position - start];
    buffer.get(start, bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> position += 8;
      case LENGTH_DELIMITED -> readLengthDelimited();
      case FIXED32 -> position += 4;
      default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType + " at byte " + position);
    }
  }

  ProtobufReader sub(int start, int stop) {
    return new ProtobufReader(buffer, start, stop);
  }

  ByteBuffer buffer() {
    return buffer;
  }
}
