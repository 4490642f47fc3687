"""A minimal RFB (VNC) viewer over websockify, for the live-view benchmark: it speaks what noVNC
speaks (RFB 3.8, no authentication, noVNC's pixel format, Tight with JPEG at noVNC's default
quality 6 and compression 2, CopyRect, Raw, the desktop-size and cursor pseudo-encodings), asks
for the next incremental update as soon as one has arrived, as noVNC does, and records when each
update arrived (after decoding it), its size, its rectangles and the decoded colour at a probe
point. Like a viewer it inflates every zlib stream and decodes every JPEG; of the pixels it only
keeps the probe's (the Tight filters are applied only to a rectangle that covers it)."""
import io
import struct
import time
import zlib

import websocket
from PIL import Image

from desktop import received_bytes

TIGHT, COPYRECT, RAW = 7, 1, 0
QUALITY_6, COMPRESS_2, DESKTOP_SIZE, CURSOR = -26, -254, -223, -239


class RFBViewer:
    def __init__(self, url, probe=None):
        self.socket = websocket.create_connection(url, subprotocols=["binary"])
        self.buffer = b""
        self.bytes = 0
        self.updates = []  # (arrival time, bytes of the update, [(x, y, w, h)], (r, g, b) at the probe or None)
        self.probe = probe  # (x, y) whose decoded colour each update records
        self.streams = [zlib.decompressobj() for _ in range(4)]
        self.handshake()

    def read(self, count):
        while len(self.buffer) < count:
            message = self.socket.recv()
            if isinstance(message, str):
                message = message.encode()
            self.bytes += len(message)
            self.buffer += message
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def wire_bytes(self):
        """The TCP payload bytes the socket has received (WebSocket framing included)."""
        return received_bytes(self.socket.sock)

    def u8(self):
        return self.read(1)[0]

    def handshake(self):
        self.read(12)
        self.socket.send_binary(b"RFB 003.008\n")
        types = self.read(self.u8())
        if 1 not in types:
            raise RuntimeError(f"the VNC server wants authentication: {list(types)}")
        self.socket.send_binary(bytes([1]))
        if struct.unpack(">I", self.read(4))[0] != 0:
            raise RuntimeError("VNC security handshake failed")
        self.socket.send_binary(bytes([1]))  # shared
        self.width, self.height = struct.unpack(">HH", self.read(4))
        self.read(16)
        self.read(struct.unpack(">I", self.read(4))[0])
        # noVNC's pixel format: 32 bits, depth 24, little-endian true colour, red in the low byte,
        # so a raw pixel is R, G, B, X and a Tight TPIXEL is R, G, B.
        self.socket.send_binary(struct.pack(">BxxxBBBBHHHBBBxxx", 0, 32, 24, 0, 1, 255, 255, 255, 0, 8, 16))
        encodings = [TIGHT, COPYRECT, RAW, QUALITY_6, COMPRESS_2, DESKTOP_SIZE, CURSOR]
        self.socket.send_binary(struct.pack(">BxH", 2, len(encodings)) + b"".join(struct.pack(">i", e) for e in encodings))
        self.request(incremental=False)

    def request(self, incremental=True):
        self.socket.send_binary(struct.pack(">BBHHHH", 3, 1 if incremental else 0, 0, 0, self.width, self.height))

    def compact_length(self):
        length, shift = 0, 0
        for _ in range(3):
            byte = self.u8()
            length |= (byte & 0x7F if shift < 14 else byte) << shift
            if not byte & 0x80:
                break
            shift += 7
        return length

    def covers(self, x, y, w, h):
        return self.probe is not None and x <= self.probe[0] < x + w and y <= self.probe[1] < y + h

    def tight(self, x, y, w, h):
        """Decodes one Tight rectangle; returns the colour at the probe when the rectangle covers it."""
        control = self.u8()
        for stream in range(4):
            if control & (1 << stream):
                self.streams[stream] = zlib.decompressobj()
        control >>= 4
        covers = self.covers(x, y, w, h)
        px, py = (self.probe[0] - x, self.probe[1] - y) if covers else (0, 0)
        if control == 8:  # fill: one TPIXEL
            colour = tuple(self.read(3))
            return colour if covers else None
        if control == 9:  # JPEG
            image = Image.open(io.BytesIO(self.read(self.compact_length())))
            image.load()
            return image.convert("RGB").getpixel((px, py)) if covers else None
        kind, palette = 0, b""
        if control & 4:
            kind = self.u8()
        size = w * h * 3
        if kind == 1:  # palette
            colours = self.u8() + 1
            palette = self.read(colours * 3)
            size = ((w + 7) // 8) * h if colours == 2 else w * h
        data = self.read(size) if size < 12 else self.streams[control & 3].decompress(self.read(self.compact_length()))
        if not covers:
            return None
        if kind == 1:
            if len(palette) == 6:
                index = data[py * ((w + 7) // 8) + px // 8] >> (7 - px % 8) & 1
            else:
                index = data[py * w + px]
            return tuple(palette[index * 3:index * 3 + 3])
        if kind == 2:  # gradient: each pixel is predicted from its left, upper and upper-left neighbours
            rows = [[(0, 0, 0)] * (w + 1)]
            for row in range(py + 1):
                line = [(0, 0, 0)]
                for column in range(w):
                    offset = (row * w + column) * 3
                    left, up, corner = line[column], rows[-1][column + 1], rows[-1][column]
                    line.append(tuple((data[offset + c] + min(255, max(0, left[c] + up[c] - corner[c]))) & 255 for c in range(3)))
                rows.append(line)
            return rows[-1][px + 1]
        offset = (py * w + px) * 3
        return tuple(data[offset:offset + 3])

    def next_update(self):
        """Reads messages until a framebuffer update; records it and asks for the next one."""
        while True:
            start = self.bytes - len(self.buffer)
            kind = self.u8()
            if kind == 2:  # bell
                continue
            if kind == 3:  # cut text
                self.read(3)
                self.read(struct.unpack(">I", self.read(4))[0])
                continue
            if kind != 0:
                raise RuntimeError(f"unexpected RFB message {kind}")
            self.read(1)
            (count,) = struct.unpack(">H", self.read(2))
            rectangles, colour = [], None
            for _ in range(count):
                x, y, w, h, encoding = struct.unpack(">HHHHi", self.read(12))
                if encoding == TIGHT:
                    probed = self.tight(x, y, w, h)
                    colour = colour if probed is None else probed
                elif encoding == COPYRECT:
                    self.read(4)
                    colour = None if self.covers(x, y, w, h) else colour  # copied from elsewhere: not known here
                elif encoding == RAW:
                    pixels = self.read(w * h * 4)
                    if self.covers(x, y, w, h):
                        offset = ((self.probe[1] - y) * w + self.probe[0] - x) * 4
                        colour = tuple(pixels[offset:offset + 3])
                elif encoding == CURSOR:
                    self.read(w * h * 4 + ((w + 7) // 8) * h)
                elif encoding == DESKTOP_SIZE:
                    self.width, self.height = w, h
                else:
                    raise RuntimeError(f"unexpected encoding {encoding}")
                if encoding in (TIGHT, COPYRECT, RAW):
                    rectangles.append((x, y, w, h))
            arrived = time.perf_counter()
            self.updates.append((arrived, self.bytes - len(self.buffer) - start, rectangles, colour))
            self.request()
            return arrived, rectangles

    def close(self):
        self.socket.close()
