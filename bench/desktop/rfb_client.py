"""A minimal RFB (VNC) viewer over websockify, for the live-view benchmark: it speaks what noVNC
speaks (RFB 3.8, no authentication, Tight with JPEG at noVNC's default quality 6 and compression
2, CopyRect, Raw, the desktop-size and cursor pseudo-encodings), asks for the next incremental
update as soon as one has arrived, as noVNC does, and records when each update arrived, its size
and its rectangles. It parses message boundaries only; it decodes no pixels."""
import struct
import time

import websocket

TIGHT, COPYRECT, RAW = 7, 1, 0
QUALITY_6, COMPRESS_2, DESKTOP_SIZE, CURSOR = -26, -254, -223, -239


class RFBViewer:
    def __init__(self, url):
        self.socket = websocket.create_connection(url, subprotocols=["binary"])
        self.buffer = b""
        self.bytes = 0
        self.updates = []  # (arrival time, bytes of the update, [(x, y, w, h)])
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
        self.pixel_format = self.read(16)
        self.read(struct.unpack(">I", self.read(4))[0])
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

    def skip_tight(self, w, h):
        control = self.u8() >> 4
        if control == 8:  # fill: one TPIXEL
            self.read(3)
            return
        if control == 9:  # JPEG
            self.read(self.compact_length())
            return
        size = w * h * 3
        if control & 4:
            kind = self.u8()
            if kind == 1:  # palette
                colours = self.u8() + 1
                self.read(colours * 3)
                size = ((w + 7) // 8) * h if colours == 2 else w * h
        if size < 12:
            self.read(size)
        else:
            self.read(self.compact_length())

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
            rectangles = []
            for _ in range(count):
                x, y, w, h, encoding = struct.unpack(">HHHHi", self.read(12))
                if encoding == TIGHT:
                    self.skip_tight(w, h)
                elif encoding == COPYRECT:
                    self.read(4)
                elif encoding == RAW:
                    self.read(w * h * 4)
                elif encoding == CURSOR:
                    self.read(w * h * 4 + ((w + 7) // 8) * h)
                elif encoding == DESKTOP_SIZE:
                    self.width, self.height = w, h
                else:
                    raise RuntimeError(f"unexpected encoding {encoding}")
                if encoding in (TIGHT, COPYRECT, RAW):
                    rectangles.append((x, y, w, h))
            arrived = time.perf_counter()
            self.updates.append((arrived, self.bytes - len(self.buffer) - start, rectangles))
            self.request()
            return arrived, rectangles

    def close(self):
        self.socket.close()
