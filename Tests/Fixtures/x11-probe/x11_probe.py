#!/usr/bin/env python3
"""x11-probe: an independent X11 client for sandbox-agent's end-to-end tests.

It paints known pixels, records the input it receives, shows a window-manager
managed window, and owns or reads X selections, so that tests can check what the
server under test really did on the X display.

Usage (the display is $DISPLAY unless --display is given):

    x11_probe.py paint --rect X,Y,W,H,RRGGBB [--rect ...] [--cursor GLYPH]
    x11_probe.py record [--geometry WxH+X+Y] [--title T] [--override-redirect]
    x11_probe.py window --title T [--geometry WxH+X+Y] [--class C]
    x11_probe.py clipboard-own [--selection clipboard|primary] (--text TEXT | --text-file PATH)
    x11_probe.py clipboard-read [--selection clipboard|primary] [--target UTF8_STRING]

Common options (accepted before or after the mode name):

    --display NAME     X display (default: $DISPLAY)
    --timeout SECONDS  end after this long (default 60; 0 = never)
    --no-stdin         do not end on stdin EOF

Output protocol: one JSON object per line on stdout (UTF-8), flushed at once.
The first line is always {"event":"ready","mode":...,"pid":...}, printed only
when the probe is really ready (windows mapped and exposed, XSync done, focus
obtained, selection owned).  Window ids are decimal integers.

Lifetime: the probe ends cleanly (exit 0, last line {"event":"exit","reason":
"sigterm"|"sigint"|"sighup"|"stdin_eof"|"timeout"|"delete_window"|
"window_destroyed"}) on a signal, on EOF of stdin, when --timeout expires, or
(window/record) when its window is closed or destroyed.  stdin is watched only when
it is a pipe, socket or terminal (/dev/null, a regular file or a closed fd 0 is
ignored), so keep a pipe open to tie the probe to its parent.  Errors go to
stderr with exit status 2: bad arguments, no display, an X error or a timeout
before ready, a lost X connection (XKillClient or server exit: last line
{"event":"exit","reason":"x_connection_closed"}).
clipboard-read exits 0 by itself after its "clipboard" line, or 2 when the
owner did not answer before --timeout.

Key text follows Xutf8LookupString without an input method (what xterm gets):
printable keysyms give their character; BackSpace "\b", Tab "\t",
Linefeed "\n", Clear "\u000b", Return and KP_Enter "\r", Escape "\u001b",
Delete "\u007f", keypad digits/operators their ASCII character; Control turns
ASCII @..~ and space into C0 controls (ctrl+t -> "\u0014"), like XLookupString;
modifiers, function and cursor keys give "".  Set X11_PROBE_DEBUG=1 to log
every X event to stderr.

See README.md next to this file for one example per mode.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import signal
import socket
import stat
import sys
import time

try:
    from Xlib import X, Xatom, Xutil, display as xdisplay, error as xerror
    from Xlib.protocol import event as xevent
    import Xlib.keysymdef
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write("x11-probe: python-xlib is required (pip install python-xlib==0.33): %s\n" % exc)
    sys.exit(2)

PROG = "x11-probe"
DEBUG = bool(os.environ.get("X11_PROBE_DEBUG"))  # log every X event to stderr


class ProbeError(Exception):
    """A failure: reported on stderr, exit status 2."""


class Finish(Exception):
    """Orderly end of the probe (signal, stdin EOF, timeout)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# Output

def emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    sys.stderr.write("%s: %s\n" % (PROG, message))
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# Keysyms: names, Unicode, case, level selection

# Legacy (non-Latin-1, non-Unicode) keysyms with an exact Unicode equivalent, as
# "keysym:codepoint" hex pairs; generated from the "/* U+XXXX */" comments of
# X.Org's keysymdef.h (the same data as Xlib's imKStoUCS.c / xterm's keysym2ucs.c).
_LEGACY_UCS = """
1a1:104 1a2:2d8 1a3:141 1a5:13d 1a6:15a 1a9:160 1aa:15e 1ab:164 1ac:179 1ae:17d 1af:17b 1b1:105
1b2:2db 1b3:142 1b5:13e 1b6:15b 1b7:2c7 1b9:161 1ba:15f 1bb:165 1bc:17a 1bd:2dd 1be:17e 1bf:17c
1c0:154 1c3:102 1c5:139 1c6:106 1c8:10c 1ca:118 1cc:11a 1cf:10e 1d0:110 1d1:143 1d2:147 1d5:150
1d8:158 1d9:16e 1db:170 1de:162 1e0:155 1e3:103 1e5:13a 1e6:107 1e8:10d 1ea:119 1ec:11b 1ef:10f
1f0:111 1f1:144 1f2:148 1f5:151 1f8:159 1f9:16f 1fb:171 1fe:163 1ff:2d9 2a1:126 2a6:124 2a9:130
2ab:11e 2ac:134 2b1:127 2b6:125 2b9:131 2bb:11f 2bc:135 2c5:10a 2c6:108 2d5:120 2d8:11c 2dd:16c
2de:15c 2e5:10b 2e6:109 2f5:121 2f8:11d 2fd:16d 2fe:15d 3a2:138 3a3:156 3a5:128 3a6:13b 3aa:112
3ab:122 3ac:166 3b3:157 3b5:129 3b6:13c 3ba:113 3bb:123 3bc:167 3bd:14a 3bf:14b 3c0:100 3c7:12e
3cc:116 3cf:12a 3d1:145 3d2:14c 3d3:136 3d9:172 3dd:168 3de:16a 3e0:101 3e7:12f 3ec:117 3ef:12b
3f1:146 3f2:14d 3f3:137 3f9:173 3fd:169 3fe:16b 47e:203e 4a1:3002 4a2:300c 4a3:300d 4a4:3001
4a5:30fb 4a6:30f2 4a7:30a1 4a8:30a3 4a9:30a5 4aa:30a7 4ab:30a9 4ac:30e3 4ad:30e5 4ae:30e7
4af:30c3 4b0:30fc 4b1:30a2 4b2:30a4 4b3:30a6 4b4:30a8 4b5:30aa 4b6:30ab 4b7:30ad 4b8:30af
4b9:30b1 4ba:30b3 4bb:30b5 4bc:30b7 4bd:30b9 4be:30bb 4bf:30bd 4c0:30bf 4c1:30c1 4c2:30c4
4c3:30c6 4c4:30c8 4c5:30ca 4c6:30cb 4c7:30cc 4c8:30cd 4c9:30ce 4ca:30cf 4cb:30d2 4cc:30d5
4cd:30d8 4ce:30db 4cf:30de 4d0:30df 4d1:30e0 4d2:30e1 4d3:30e2 4d4:30e4 4d5:30e6 4d6:30e8
4d7:30e9 4d8:30ea 4d9:30eb 4da:30ec 4db:30ed 4dc:30ef 4dd:30f3 4de:309b 4df:309c 5ac:60c 5bb:61b
5bf:61f 5c1:621 5c2:622 5c3:623 5c4:624 5c5:625 5c6:626 5c7:627 5c8:628 5c9:629 5ca:62a 5cb:62b
5cc:62c 5cd:62d 5ce:62e 5cf:62f 5d0:630 5d1:631 5d2:632 5d3:633 5d4:634 5d5:635 5d6:636 5d7:637
5d8:638 5d9:639 5da:63a 5e0:640 5e1:641 5e2:642 5e3:643 5e4:644 5e5:645 5e6:646 5e7:647 5e8:648
5e9:649 5ea:64a 5eb:64b 5ec:64c 5ed:64d 5ee:64e 5ef:64f 5f0:650 5f1:651 5f2:652 6a1:452 6a2:453
6a3:451 6a4:454 6a5:455 6a6:456 6a7:457 6a8:458 6a9:459 6aa:45a 6ab:45b 6ac:45c 6ad:491 6ae:45e
6af:45f 6b0:2116 6b1:402 6b2:403 6b3:401 6b4:404 6b5:405 6b6:406 6b7:407 6b8:408 6b9:409 6ba:40a
6bb:40b 6bc:40c 6bd:490 6be:40e 6bf:40f 6c0:44e 6c1:430 6c2:431 6c3:446 6c4:434 6c5:435 6c6:444
6c7:433 6c8:445 6c9:438 6ca:439 6cb:43a 6cc:43b 6cd:43c 6ce:43d 6cf:43e 6d0:43f 6d1:44f 6d2:440
6d3:441 6d4:442 6d5:443 6d6:436 6d7:432 6d8:44c 6d9:44b 6da:437 6db:448 6dc:44d 6dd:449 6de:447
6df:44a 6e0:42e 6e1:410 6e2:411 6e3:426 6e4:414 6e5:415 6e6:424 6e7:413 6e8:425 6e9:418 6ea:419
6eb:41a 6ec:41b 6ed:41c 6ee:41d 6ef:41e 6f0:41f 6f1:42f 6f2:420 6f3:421 6f4:422 6f5:423 6f6:416
6f7:412 6f8:42c 6f9:42b 6fa:417 6fb:428 6fc:42d 6fd:429 6fe:427 6ff:42a 7a1:386 7a2:388 7a3:389
7a4:38a 7a5:3aa 7a7:38c 7a8:38e 7a9:3ab 7ab:38f 7ae:385 7af:2015 7b1:3ac 7b2:3ad 7b3:3ae 7b4:3af
7b5:3ca 7b6:390 7b7:3cc 7b8:3cd 7b9:3cb 7ba:3b0 7bb:3ce 7c1:391 7c2:392 7c3:393 7c4:394 7c5:395
7c6:396 7c7:397 7c8:398 7c9:399 7ca:39a 7cb:39b 7cc:39c 7cd:39d 7ce:39e 7cf:39f 7d0:3a0 7d1:3a1
7d2:3a3 7d4:3a4 7d5:3a5 7d6:3a6 7d7:3a7 7d8:3a8 7d9:3a9 7e1:3b1 7e2:3b2 7e3:3b3 7e4:3b4 7e5:3b5
7e6:3b6 7e7:3b7 7e8:3b8 7e9:3b9 7ea:3ba 7eb:3bb 7ec:3bc 7ed:3bd 7ee:3be 7ef:3bf 7f0:3c0 7f1:3c1
7f2:3c3 7f3:3c2 7f4:3c4 7f5:3c5 7f6:3c6 7f7:3c7 7f8:3c8 7f9:3c9 8a1:23b7 8a4:2320 8a5:2321
8a7:23a1 8a8:23a3 8a9:23a4 8aa:23a6 8ab:239b 8ac:239d 8ad:239e 8ae:23a0 8af:23a8 8b0:23ac
8bc:2264 8bd:2260 8be:2265 8bf:222b 8c0:2234 8c1:221d 8c2:221e 8c5:2207 8c8:223c 8c9:2243
8cd:21d4 8ce:21d2 8cf:2261 8d6:221a 8da:2282 8db:2283 8dc:2229 8dd:222a 8de:2227 8df:2228
8ef:2202 8f6:192 8fb:2190 8fc:2191 8fd:2192 8fe:2193 9e0:25c6 9e1:2592 9e2:2409 9e3:240c
9e4:240d 9e5:240a 9e8:2424 9e9:240b 9ea:2518 9eb:2510 9ec:250c 9ed:2514 9ee:253c 9ef:23ba
9f0:23bb 9f1:2500 9f2:23bc 9f3:23bd 9f4:251c 9f5:2524 9f6:2534 9f7:252c 9f8:2502 aa1:2003
aa2:2002 aa3:2004 aa4:2005 aa5:2007 aa6:2008 aa7:2009 aa8:200a aa9:2014 aaa:2013 aae:2026
aaf:2025 ab0:2153 ab1:2154 ab2:2155 ab3:2156 ab4:2157 ab5:2158 ab6:2159 ab7:215a ab8:2105
abb:2012 ac3:215b ac4:215c ac5:215d ac6:215e ac9:2122 ad0:2018 ad1:2019 ad2:201c ad3:201d
ad4:211e ad5:2030 ad6:2032 ad7:2033 ad9:271d aec:2663 aed:2666 aee:2665 af0:2720 af1:2020
af2:2021 af3:2713 af4:2717 af5:266f af6:266d af7:2642 af8:2640 af9:260e afa:2315 afb:2117
afc:2038 afd:201a afe:201e bc2:22a4 bc4:230a bca:2218 bcc:2395 bce:22a5 bcf:25cb bd3:2308
bdc:22a3 bfc:22a2 cdf:2017 ce0:5d0 ce1:5d1 ce2:5d2 ce3:5d3 ce4:5d4 ce5:5d5 ce6:5d6 ce7:5d7
ce8:5d8 ce9:5d9 cea:5da ceb:5db cec:5dc ced:5dd cee:5de cef:5df cf0:5e0 cf1:5e1 cf2:5e2 cf3:5e3
cf4:5e4 cf5:5e5 cf6:5e6 cf7:5e7 cf8:5e8 cf9:5e9 cfa:5ea da1:e01 da2:e02 da3:e03 da4:e04 da5:e05
da6:e06 da7:e07 da8:e08 da9:e09 daa:e0a dab:e0b dac:e0c dad:e0d dae:e0e daf:e0f db0:e10 db1:e11
db2:e12 db3:e13 db4:e14 db5:e15 db6:e16 db7:e17 db8:e18 db9:e19 dba:e1a dbb:e1b dbc:e1c dbd:e1d
dbe:e1e dbf:e1f dc0:e20 dc1:e21 dc2:e22 dc3:e23 dc4:e24 dc5:e25 dc6:e26 dc7:e27 dc8:e28 dc9:e29
dca:e2a dcb:e2b dcc:e2c dcd:e2d dce:e2e dcf:e2f dd0:e30 dd1:e31 dd2:e32 dd3:e33 dd4:e34 dd5:e35
dd6:e36 dd7:e37 dd8:e38 dd9:e39 dda:e3a ddf:e3f de0:e40 de1:e41 de2:e42 de3:e43 de4:e44 de5:e45
de6:e46 de7:e47 de8:e48 de9:e49 dea:e4a deb:e4b dec:e4c ded:e4d df0:e50 df1:e51 df2:e52 df3:e53
df4:e54 df5:e55 df6:e56 df7:e57 df8:e58 df9:e59 ea1:3131 ea2:3132 ea3:3133 ea4:3134 ea5:3135
ea6:3136 ea7:3137 ea8:3138 ea9:3139 eaa:313a eab:313b eac:313c ead:313d eae:313e eaf:313f
eb0:3140 eb1:3141 eb2:3142 eb3:3143 eb4:3144 eb5:3145 eb6:3146 eb7:3147 eb8:3148 eb9:3149
eba:314a ebb:314b ebc:314c ebd:314d ebe:314e ebf:314f ec0:3150 ec1:3151 ec2:3152 ec3:3153
ec4:3154 ec5:3155 ec6:3156 ec7:3157 ec8:3158 ec9:3159 eca:315a ecb:315b ecc:315c ecd:315d
ece:315e ecf:315f ed0:3160 ed1:3161 ed2:3162 ed3:3163 ed4:11a8 ed5:11a9 ed6:11aa ed7:11ab
ed8:11ac ed9:11ad eda:11ae edb:11af edc:11b0 edd:11b1 ede:11b2 edf:11b3 ee0:11b4 ee1:11b5
ee2:11b6 ee3:11b7 ee4:11b8 ee5:11b9 ee6:11ba ee7:11bb ee8:11bc ee9:11bd eea:11be eeb:11bf
eec:11c0 eed:11c1 eee:11c2 eef:316d ef0:3171 ef1:3178 ef2:317f ef3:3181 ef4:3184 ef5:3186
ef6:318d ef7:318e ef8:11eb ef9:11f0 efa:11f9 13bc:152 13bd:153 13be:178 20ac:20ac
"""
_KEYSYM_TO_UCS = {int(k, 16): int(u, 16) for k, u in (p.split(":") for p in _LEGACY_UCS.split())}
_UCS_TO_KEYSYM = {}
for _k, _u in sorted(_KEYSYM_TO_UCS.items()):
    _UCS_TO_KEYSYM.setdefault(_u, _k)

# Keysym names, preferred (first defined) name first, from python-xlib's keysymdef data.
_KEYSYM_NAMES = {}
for _group in Xlib.keysymdef.__all__:
    try:
        _module = __import__("Xlib.keysymdef." + _group, fromlist=[_group])
    except ImportError:
        continue
    for _name, _value in vars(_module).items():
        if _name.startswith("XK_") and isinstance(_value, int):
            _KEYSYM_NAMES.setdefault(_value, _name[3:])

# The currency group is missing from python-xlib's keysymdef data.
for _value, _name in enumerate(("EcuSign ColonSign CruzeiroSign FFrancSign LiraSign MillSign NairaSign "
                                "PesetaSign RupeeSign WonSign NewSheqelSign DongSign").split(), 0x010020A0):
    _KEYSYM_NAMES.setdefault(_value, _name)
_KEYSYM_NAMES.setdefault(0x20AC, "EuroSign")

NO_SYMBOL = 0
XK_MODE_SWITCH = 0xFF7E
XK_NUM_LOCK = 0xFF7F
XK_CAPS_LOCK = 0xFFE5
XK_SHIFT_LOCK = 0xFFE6
XK_VOID_SYMBOL = 0xFFFFFF

# 0xFFxx keysyms that XLookupString turns into an ASCII byte (keysym & 0x7f).
_LOOKUP_STRING_FF = set(range(0xFF08, 0xFF0C)) | {0xFF0D, 0xFF1B, 0xFF80, 0xFF89, 0xFF8D, 0xFFBD, 0xFFFF} \
    | set(range(0xFFAA, 0xFFBA))


def keysym_name(keysym: int) -> str:
    if keysym == NO_SYMBOL:
        return "NoSymbol"
    name = _KEYSYM_NAMES.get(keysym)
    if name:
        return name
    if 0x01000000 <= keysym <= 0x0110FFFF:
        return "U%04X" % (keysym & 0xFFFFFF)
    return "0x%08x" % keysym


def keysym_to_ucs(keysym: int) -> int:
    """Unicode code point of a keysym (Xlib's KeySymToUcs4), 0 when none."""
    if 0x20 <= keysym <= 0x7E or 0xA0 <= keysym <= 0xFF:
        return keysym
    if 0x01000000 <= keysym <= 0x0110FFFF:
        cp = keysym & 0xFFFFFF
        return 0 if 0xD800 <= cp <= 0xDFFF else cp
    return _KEYSYM_TO_UCS.get(keysym, 0)


def _keysym_for_case(original: int, cp: int) -> int:
    if original >= 0x01000000:
        return 0x01000000 + cp
    if 0x20 <= cp <= 0x7E or 0xA0 <= cp <= 0xFF:
        return cp
    return _UCS_TO_KEYSYM.get(cp, 0x01000000 + cp)


def convert_case(keysym: int) -> tuple[int, int]:
    """(lower, upper) keysyms like XConvertCase; (k, k) when k has no case pair."""
    cp = keysym_to_ucs(keysym)
    if not cp:
        return keysym, keysym
    ch = chr(cp)
    lower, upper = ch.lower(), ch.upper()
    lower_ks = keysym if lower == ch or len(lower) != 1 else _keysym_for_case(keysym, ord(lower))
    upper_ks = keysym if upper == ch or len(upper) != 1 else _keysym_for_case(keysym, ord(upper))
    if keysym <= 0xFF:
        # Latin-1 keysyms only pair within Latin-1 (plus y-diaeresis), as in Xlib.
        if lower_ks > 0xFF:
            lower_ks = keysym
        if upper_ks > 0xFF and keysym != 0xFF:
            upper_ks = keysym
    return lower_ks, upper_ks


def is_keypad(keysym: int) -> bool:
    return 0xFF80 <= keysym <= 0xFFBD or 0x11000000 <= keysym <= 0x1100FFFF


def keysym_text(keysym: int, state: int) -> str:
    """Text for a keysym the way Xutf8LookupString (no input method) produces it."""
    if keysym == NO_SYMBOL:
        return ""
    high = keysym >> 8
    if high == 0 or (high == 0xFF and keysym in _LOOKUP_STRING_FF):
        if keysym == 0xFF80:  # KP_Space
            c = 0x20
        elif high == 0xFF:
            c = keysym & 0x7F
        else:
            c = keysym & 0xFF
        if state & X.ControlMask:
            if 0x40 <= c < 0x7F or c == 0x20:
                c &= 0x1F
            elif c == 0x32:  # '2'
                c = 0
            elif 0x33 <= c <= 0x37:  # '3'..'7' -> ESC..US
                c -= 0x33 - 0x1B
            elif c == 0x38:  # '8'
                c = 0x7F
            elif c == 0x2F:  # '/'
                c = 0x1F
        if c < 0x80:
            return chr(c)
    cp = keysym_to_ucs(keysym)
    return chr(cp) if cp else ""


class Keymap:
    """Core-protocol keycode -> keysym translation (Xlib's _XTranslateKey).

    The keysym table is python-xlib's cache, refreshed with
    display.refresh_keyboard_mapping() on every MappingNotify; the modifier roles
    (which Mod is Mode_switch / Num_Lock, what Lock means) are recomputed then too.
    """

    MAX_PER_KEYCODE = 16

    def __init__(self, disp):
        self.d = disp
        self.modmap = []
        self.lock_meaning = NO_SYMBOL
        self.mode_switch = 0
        self.num_lock = 0
        self.refresh_modifiers()
        # Race detection (see keymap_race in README.md): the request serial of the
        # GetKeyboardMapping behind the current keysym table, and the key events
        # resolved with it since.
        self.snapshot_serial = self._next_serial()
        self.resolved = []

    def _next_serial(self):
        return getattr(self.d.display, "request_serial", None)  # python-xlib internal; None disables

    def syms(self, keycode: int) -> list[int]:
        syms = [self.d.keycode_to_keysym(keycode, i) for i in range(self.MAX_PER_KEYCODE)]
        while syms and syms[-1] == NO_SYMBOL:
            syms.pop()
        return syms

    def refresh_modifiers(self) -> None:
        self.modmap = [list(codes) for codes in self.d.get_modifier_mapping()]
        self._modifier_roles()

    def _modifier_roles(self) -> None:
        self.lock_meaning = NO_SYMBOL
        for keycode in self.modmap[1] if len(self.modmap) > 1 else []:
            for keysym in self.syms(keycode) if keycode else []:
                if keysym == XK_CAPS_LOCK:
                    self.lock_meaning = XK_CAPS_LOCK
                elif keysym == XK_SHIFT_LOCK and self.lock_meaning != XK_CAPS_LOCK:
                    self.lock_meaning = XK_SHIFT_LOCK
        self.mode_switch = 0
        self.num_lock = 0
        for index in range(3, min(8, len(self.modmap))):
            for keycode in self.modmap[index]:
                for keysym in self.syms(keycode) if keycode else []:
                    if keysym == XK_MODE_SWITCH:
                        self.mode_switch |= 1 << index
                    if keysym == XK_NUM_LOCK:
                        self.num_lock |= 1 << index

    def on_mapping_notify(self, batch) -> list:
        """Refresh the tables once for MappingNotify events that arrived together.

        Returns the (keycode, time, name) of key events already resolved that may have used a
        keysym table fetched after one of these changes had happened (a lost race)."""
        suspects = []
        keyboard = [ev for ev in batch if ev.request == X.MappingKeyboard]
        if keyboard:
            serial = self.snapshot_serial
            for ev in keyboard:
                # An event's sequence number is that of our last request the server had
                # processed when it generated the event. If it is older than the request
                # that fetched our table, the table already held this change, so the key
                # events resolved with it (generated before this change) may be wrong.
                if serial is not None and 0 < (serial - ev.sequence_number) % 65536 < 32768:
                    last = ev.first_keycode + ev.count
                    suspects += [r for r in self.resolved if ev.first_keycode <= r[0] < last and r not in suspects]
            first = min(ev.first_keycode for ev in keyboard)
            last = max(ev.first_keycode + ev.count for ev in keyboard)
            if len(keyboard) > 1:
                keyboard = [xevent.MappingNotify(request=X.MappingKeyboard, first_keycode=first, count=last - first)]
            self.snapshot_serial = self._next_serial()
            self.d.refresh_keyboard_mapping(keyboard[0])  # one GetKeyboardMapping, as early as possible
            self.resolved = []
        if any(ev.request == X.MappingModifier for ev in batch):
            self.modmap = [list(codes) for codes in self.d.get_modifier_mapping()]
        self._modifier_roles()
        return suspects

    def lookup(self, keycode: int, state: int) -> int:
        syms = self.syms(keycode)
        if not syms:
            return NO_SYMBOL
        per = max(len(syms), 1)
        # The core protocol pads short lists: K -> K NoSymbol K NoSymbol, K1 K2 -> K1 K2 K1 K2.
        group2 = (state & self.mode_switch) or ((state >> 13) & 3)  # XKB group bits, if any
        if per > 2 and group2:
            syms = syms[2:]
            per -= 2
        syms = syms + [NO_SYMBOL] * 2
        shift = state & X.ShiftMask
        lock = state & X.LockMask
        if (state & self.num_lock) and per > 1 and is_keypad(syms[1]):
            if shift or (lock and self.lock_meaning == XK_SHIFT_LOCK):
                result = syms[0]
            else:
                result = syms[1]
        elif not shift and (not lock or self.lock_meaning == NO_SYMBOL):
            if per == 1 or syms[1] == NO_SYMBOL:
                result = convert_case(syms[0])[0]
            else:
                result = syms[0]
        elif not lock or self.lock_meaning != XK_CAPS_LOCK:
            upper = syms[1] if per > 1 else NO_SYMBOL
            if upper == NO_SYMBOL:
                upper = convert_case(syms[0])[1]
            result = upper
        else:
            sym = syms[1] if per > 1 else NO_SYMBOL
            if sym == NO_SYMBOL:
                sym = syms[0]
            lower, upper = convert_case(sym)
            if not shift and sym != syms[0] and (sym != upper or lower == upper):
                lower, upper = convert_case(syms[0])
            result = upper
        return NO_SYMBOL if result == XK_VOID_SYMBOL else result


# ---------------------------------------------------------------------------
# Event loop with deadlines, signals and stdin

def wid(obj) -> int:
    return int(getattr(obj, "id", obj) or 0)


def stdin_is_a_lifeline() -> bool:
    """Whether stdin EOF means "the parent is gone": a pipe, socket or terminal.

    A closed fd 0, a regular file or /dev/null (what background shell jobs get)
    would end the probe at once, so they are not watched."""
    try:
        st = os.fstat(0)
    except OSError:
        return False
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return True
    if stat.S_ISCHR(st.st_mode):
        try:
            null = os.stat(os.devnull)
        except OSError:
            return True
        return (st.st_rdev, st.st_ino) != (null.st_rdev, null.st_ino)
    return False


class Probe:
    def __init__(self, args):
        self.args = args
        self.ready = False
        self.waiting_for = "startup"
        self.fatal = None
        self.pushback = []
        # Decide before connecting: with fd 0 closed, the X socket could become fd 0.
        self.stdin_fd = 0 if not args.no_stdin and stdin_is_a_lifeline() else None
        self.signal_reason = None
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        for signum, reason in ((signal.SIGTERM, "sigterm"), (signal.SIGINT, "sigint"), (signal.SIGHUP, "sighup")):
            signal.signal(signum, self._on_signal(reason))
        try:
            self.d = xdisplay.Display(args.display)
        except Exception as exc:  # DisplayNameError, DisplayConnectionError, ...
            raise ProbeError("cannot open display %r: %s" % (args.display or os.environ.get("DISPLAY"), exc))
        self.d.set_error_handler(self._on_x_error)
        self.screen = self.d.screen()
        self.root = self.screen.root
        self.deadline = time.monotonic() + args.timeout if args.timeout > 0 else None

    def _on_signal(self, reason):
        def handler(signum, frame):
            if self.signal_reason is None:
                self.signal_reason = reason
        return handler

    def _on_x_error(self, err, request):
        log("X error: %s" % err)
        if not self.ready and self.fatal is None:
            self.fatal = err

    def atom(self, name: str) -> int:
        return self.d.intern_atom(name)

    def atom_name(self, atom: int):
        if not atom:
            return None
        try:
            return self.d.get_atom_name(atom)
        except xerror.XError:
            return "0x%x" % atom

    def emit_ready(self, **fields) -> None:
        self.d.sync()
        emit(dict({"event": "ready", "mode": self.args.mode, "pid": os.getpid()}, **fields))
        self.ready = True

    def next_event(self, until=None):
        """The next X event; None once monotonic time `until` has passed.

        Raises Finish on a signal, stdin EOF or the --timeout deadline."""
        while True:
            if self.signal_reason:
                raise Finish(self.signal_reason)
            if self.fatal is not None:
                raise ProbeError("X error while %s: %s" % (self.waiting_for, self.fatal))
            if self.pushback:
                return self.pushback.pop(0)
            # Flush first: python-xlib's flush also reads whatever has arrived into its
            # event queue, which select() on the socket would then not see.
            self.d.flush()
            if self.d.pending_events():
                return self._pop()
            now = time.monotonic()
            limits = [t for t in (self.deadline, until) if t is not None]
            timeout = None
            if limits:
                timeout = min(limits) - now
                if timeout <= 0:
                    if self.deadline is not None and now >= self.deadline:
                        raise Finish("timeout")
                    return None
            fds = [self.d.fileno(), self.wake_r]
            if self.stdin_fd is not None:
                fds.append(self.stdin_fd)
            readable, _, _ = select.select(fds, [], [], timeout)
            if self.wake_r in readable:
                try:
                    while os.read(self.wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
            if self.stdin_fd is not None and self.stdin_fd in readable:
                try:
                    data = os.read(self.stdin_fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    raise Finish("stdin_eof")

    def _pop(self):
        ev = self.d.next_event()
        if DEBUG:
            log("event %s seq=%s %s" % (type(ev).__name__, getattr(ev, "sequence_number", None),
                                         {k: v for k, v in ev._data.items() if k != "sequence_number"}))
        return ev

    def gather_same_type(self, first) -> list:
        """`first` plus the events of its type already received right after it (no waiting)."""
        batch = [first]
        while not self.pushback and self.d.pending_events():
            ev = self._pop()
            if ev.type != first.type:
                self.pushback.append(ev)
                break
            batch.append(ev)
        return batch

    def server_time(self, win) -> int:
        """A real server timestamp (ICCCM): append nothing to a property, read PropertyNotify."""
        atom = self.atom("_X11_PROBE_TIMESTAMP")
        win.change_property(atom, Xatom.STRING, 8, b"", X.PropModeAppend)
        while True:
            ev = self.next_event()
            if ev.type == X.PropertyNotify and wid(ev.window) == win.id and ev.atom == atom:
                return ev.time

    def root_position(self, win) -> tuple[int, int]:
        r = self.root.translate_coords(win, 0, 0)
        return r.x, r.y

    def geometry_of(self, win) -> dict:
        x, y = self.root_position(win)
        g = win.get_geometry()
        return {"x": x, "y": y, "width": g.width, "height": g.height}


# ---------------------------------------------------------------------------
# Helpers

def parse_color(text: str) -> tuple[int, int, int]:
    m = re.fullmatch(r"#?([0-9a-fA-F]{6})", text.strip())
    if not m:
        raise ProbeError("bad colour %r (want RRGGBB)" % text)
    v = int(m.group(1), 16)
    return (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF


def parse_rect(text: str):
    parts = text.split(",")
    if len(parts) != 5:
        raise ProbeError("bad --rect %r (want X,Y,W,H,RRGGBB)" % text)
    try:
        x, y, w, h = (int(p) for p in parts[:4])
    except ValueError:
        raise ProbeError("bad --rect %r (want X,Y,W,H,RRGGBB)" % text)
    if w <= 0 or h <= 0:
        raise ProbeError("bad --rect %r: width and height must be positive" % text)
    return x, y, w, h, parse_color(parts[4])


def parse_geometry(text: str, screen):
    m = re.fullmatch(r"(\d+)x(\d+)([+-]-?\d+)([+-]-?\d+)", text.strip())
    if not m:
        raise ProbeError("bad geometry %r (want WxH+X+Y)" % text)
    w, h = int(m.group(1)), int(m.group(2))
    if w <= 0 or h <= 0:
        raise ProbeError("bad geometry %r: width and height must be positive" % text)

    def offset(spec, size, extent):
        value = int(spec[1:])
        return value if spec[0] == "+" else extent - size - value

    return offset(m.group(3), w, screen.width_in_pixels), offset(m.group(4), h, screen.height_in_pixels), w, h


def mask_shift_bits(mask: int) -> tuple[int, int]:
    shift = (mask & -mask).bit_length() - 1
    return shift, (mask >> shift).bit_length()


def rgb_pixel(visual, rgb) -> int:
    pixel = 0
    for mask, value in zip((visual.red_mask, visual.green_mask, visual.blue_mask), rgb):
        shift, bits = mask_shift_bits(mask)
        maximum = (1 << bits) - 1
        pixel |= ((value * maximum + 127) // 255) << shift
    return pixel


def truecolor_visual(probe):
    """(depth, visual id or CopyFromParent, visual info, colormap or None) for 24-bit TrueColor."""
    screen = probe.screen
    candidates = []
    for depth in screen.allowed_depths:
        for visual in depth.visuals:
            if visual.visual_class == X.TrueColor and depth.depth == 24:
                candidates.append((depth.depth, visual))
    if not candidates:
        raise ProbeError("no 24-bit TrueColor visual on this screen")
    for depth, visual in candidates:
        if visual.visual_id == screen.root_visual and depth == screen.root_depth:
            return depth, X.CopyFromParent, visual, None
    depth, visual = candidates[0]
    colormap = screen.root.create_colormap(visual.visual_id, X.AllocNone)
    return depth, visual.visual_id, visual, colormap


def default_visual(probe):
    screen = probe.screen
    for depth in screen.allowed_depths:
        for visual in depth.visuals:
            if visual.visual_id == screen.root_visual:
                return visual
    raise ProbeError("root visual not found")


def background_for(probe, color: str) -> int:
    visual = default_visual(probe)
    if visual.visual_class in (X.TrueColor, X.DirectColor):
        return rgb_pixel(visual, parse_color(color))
    return probe.screen.white_pixel


def set_toplevel_properties(probe, win, title: str, instance: str, cls: str, user_position: bool) -> None:
    utf8 = probe.atom("UTF8_STRING")
    try:
        win.change_property(Xatom.WM_NAME, Xatom.STRING, 8, title.encode("latin-1"))
    except UnicodeEncodeError:
        win.change_property(Xatom.WM_NAME, utf8, 8, title.encode("utf-8"))
    win.change_property(probe.atom("_NET_WM_NAME"), utf8, 8, title.encode("utf-8"))
    win.set_wm_class(instance, cls)
    flags = Xutil.PSize | Xutil.PPosition
    if user_position:
        flags |= Xutil.USPosition | Xutil.USSize
    win.set_wm_normal_hints(flags=flags)
    win.set_wm_hints(flags=Xutil.InputHint | Xutil.StateHint, input=1, initial_state=Xutil.NormalState)
    win.set_wm_protocols([probe.atom("WM_DELETE_WINDOW")])
    win.change_property(probe.atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [os.getpid()])
    win.change_property(Xatom.WM_CLIENT_MACHINE, Xatom.STRING, 8,
                        socket.gethostname().encode("latin-1", "replace"))


FOCUS_MODES = {X.NotifyNormal: "normal", X.NotifyGrab: "grab", X.NotifyUngrab: "ungrab",
               X.NotifyWhileGrabbed: "while_grabbed"}
FOCUS_DETAILS = {X.NotifyAncestor: "ancestor", X.NotifyVirtual: "virtual", X.NotifyInferior: "inferior",
                 X.NotifyNonlinear: "nonlinear", X.NotifyNonlinearVirtual: "nonlinear_virtual",
                 X.NotifyPointer: "pointer", X.NotifyPointerRoot: "pointer_root", X.NotifyDetailNone: "none"}
# Details for which the window itself (not the pointer window under PointerRoot focus) has focus.
OWN_FOCUS_DETAILS = (X.NotifyAncestor, X.NotifyInferior, X.NotifyNonlinear)


def focus_line(name: str, ev) -> dict:
    return {"event": name, "mode": FOCUS_MODES.get(ev.mode, ev.mode), "detail": FOCUS_DETAILS.get(ev.detail, ev.detail)}


def mapping_line(ev) -> dict:
    request = {X.MappingModifier: "modifier", X.MappingKeyboard: "keyboard", X.MappingPointer: "pointer"}
    line = {"event": "mapping_notify", "request": request.get(ev.request, ev.request)}
    if ev.request == X.MappingKeyboard:
        line["firstKeycode"] = ev.first_keycode
        line["count"] = ev.count
    return line


def selection_atom(probe, name: str) -> int:
    return {"primary": Xatom.PRIMARY, "secondary": Xatom.SECONDARY}.get(name) or probe.atom("CLIPBOARD")


# ---------------------------------------------------------------------------
# Modes

def font_cursor(probe, glyph: int):
    """The pointer shape `glyph` of the standard cursor font (XCreateFontCursor: 34 is
    XC_crosshair, 150 XC_watch), black on white."""
    font = probe.d.open_font("cursor")
    return font.create_glyph_cursor(font, glyph, glyph + 1, (0, 0, 0), (0xFFFF, 0xFFFF, 0xFFFF))


def mode_paint(probe, args) -> int:
    rects = [parse_rect(spec) for spec in args.rect]
    if not rects:
        raise ProbeError("paint needs at least one --rect X,Y,W,H,RRGGBB")
    depth, visual_id, visual, colormap = truecolor_visual(probe)
    windows = {}
    order = []
    cursor = font_cursor(probe, args.cursor) if args.cursor is not None else None
    for x, y, w, h, rgb in rects:
        pixel = rgb_pixel(visual, rgb)
        attrs = dict(background_pixel=pixel, border_pixel=0, override_redirect=True,
                     event_mask=X.ExposureMask | X.StructureNotifyMask)
        if cursor is not None:
            attrs["cursor"] = cursor
        if colormap is not None:
            attrs["colormap"] = colormap
        win = probe.root.create_window(x, y, w, h, 0, depth, X.InputOutput, visual_id, **attrs)
        color = "%02x%02x%02x" % rgb
        win.change_property(Xatom.WM_NAME, Xatom.STRING, 8, ("x11-probe paint " + color).encode())
        win.set_wm_class("x11-probe", "X11Probe")
        gc = win.create_gc(foreground=pixel, graphics_exposures=False)
        windows[win.id] = (win, gc)
        order.append({"id": win.id, "x": x, "y": y, "width": w, "height": h, "color": color, "pixel": pixel})
    for entry in order:
        win = windows[entry["id"]][0]
        win.map()
        win.configure(stack_mode=X.Above)

    def repaint(ev):
        win, gc = windows[wid(ev.window)]
        win.fill_rectangle(gc, ev.x, ev.y, ev.width, ev.height)

    mapped, exposed = set(), set()
    probe.waiting_for = "MapNotify/Expose of the paint windows"
    while len(mapped) < len(windows) or len(exposed) < len(windows):
        ev = probe.next_event()
        if ev.type == X.MapNotify and wid(ev.window) in windows:
            mapped.add(wid(ev.window))
        elif ev.type == X.Expose and wid(ev.window) in windows:
            repaint(ev)
            if ev.count == 0:
                exposed.add(wid(ev.window))
    probe.emit_ready(windows=[entry["id"] for entry in order], rects=order)
    while True:
        ev = probe.next_event()
        if ev.type == X.Expose and wid(ev.window) in windows:
            repaint(ev)


def mode_record(probe, args) -> int:
    x, y, w, h = parse_geometry(args.geometry, probe.screen)
    mask = (X.ButtonPressMask | X.ButtonReleaseMask | X.PointerMotionMask | X.KeyPressMask | X.KeyReleaseMask
            | X.EnterWindowMask | X.FocusChangeMask | X.StructureNotifyMask | X.ExposureMask)
    win = probe.root.create_window(x, y, w, h, 0, X.CopyFromParent, X.InputOutput, X.CopyFromParent,
                                   background_pixel=background_for(probe, args.color),
                                   override_redirect=bool(args.override_redirect), event_mask=mask)
    set_toplevel_properties(probe, win, args.title, "x11-probe", "X11Probe", True)
    wm_protocols, wm_delete = probe.atom("WM_PROTOCOLS"), probe.atom("WM_DELETE_WINDOW")
    keymap = Keymap(probe.d)
    win.map()

    def take_focus():
        win.set_input_focus(X.RevertToParent, X.CurrentTime, onerror=xerror.CatchError())

    mapped = focused = False
    retry_at = None
    probe.waiting_for = "MapNotify and FocusIn of the record window"
    while not (mapped and focused):
        ev = probe.next_event(until=retry_at)
        if ev is None:  # still no FocusIn: ask again (a WM may have moved focus meanwhile)
            take_focus()
            retry_at = time.monotonic() + 0.25
        elif ev.type == X.MapNotify and wid(ev.window) == win.id:
            mapped = True
            take_focus()
            retry_at = time.monotonic() + 0.25
        elif ev.type == X.FocusIn and wid(ev.window) == win.id and ev.detail in OWN_FOCUS_DETAILS \
                and ev.mode in (X.NotifyNormal, X.NotifyWhileGrabbed):
            focused = True
        elif ev.type == X.FocusOut and wid(ev.window) == win.id and ev.mode in (X.NotifyNormal, X.NotifyWhileGrabbed):
            focused = False
        elif ev.type == X.MappingNotify:
            keymap.on_mapping_notify(probe.gather_same_type(ev))
    probe.emit_ready(window=win.id, **probe.geometry_of(win))

    while True:
        ev = probe.next_event()
        t = ev.type
        if t == X.MappingNotify:
            # Refresh before anything else (the key events that follow use the new map),
            # once for all the MappingNotify events already received.
            batch = probe.gather_same_type(ev)
            suspects = keymap.on_mapping_notify(batch)
            if suspects:
                emit({"event": "keymap_race",
                      "events": [{"event": name, "keycode": k, "time": ms} for k, ms, name in suspects]})
            for mapping in batch:
                emit(mapping_line(mapping))
        elif wid(getattr(ev, "window", 0)) != win.id:
            continue
        elif t in (X.KeyPress, X.KeyRelease):
            keysym = keymap.lookup(ev.detail, ev.state)
            keymap.resolved.append((ev.detail, ev.time, "key_press" if t == X.KeyPress else "key_release"))
            emit({"event": "key_press" if t == X.KeyPress else "key_release", "keycode": ev.detail,
                  "keysym": keysym, "keysymName": keysym_name(keysym), "text": keysym_text(keysym, ev.state),
                  "state": ev.state, "time": ev.time})
        elif t in (X.ButtonPress, X.ButtonRelease):
            emit({"event": "button_press" if t == X.ButtonPress else "button_release", "button": ev.detail,
                  "x": ev.event_x, "y": ev.event_y, "rootX": ev.root_x, "rootY": ev.root_y,
                  "time": ev.time, "state": ev.state})
        elif t == X.MotionNotify:
            emit({"event": "motion", "x": ev.event_x, "y": ev.event_y, "rootX": ev.root_x, "rootY": ev.root_y,
                  "time": ev.time, "state": ev.state})
        elif t == X.EnterNotify:
            emit({"event": "enter", "x": ev.event_x, "y": ev.event_y, "rootX": ev.root_x, "rootY": ev.root_y,
                  "time": ev.time, "state": ev.state})
        elif t == X.FocusIn:
            emit(focus_line("focus_in", ev))
        elif t == X.FocusOut:
            emit(focus_line("focus_out", ev))
        elif t == X.DestroyNotify:
            emit({"event": "destroyed"})
            raise Finish("window_destroyed")
        elif t == X.ClientMessage and ev.client_type == wm_protocols and ev.data[1][0] == wm_delete:
            emit({"event": "delete_window"})
            raise Finish("delete_window")


def mode_window(probe, args) -> int:
    x, y, w, h = parse_geometry(args.geometry, probe.screen)
    mask = X.StructureNotifyMask | X.FocusChangeMask | X.ExposureMask | X.PropertyChangeMask
    win = probe.root.create_window(x, y, w, h, 0, X.CopyFromParent, X.InputOutput, X.CopyFromParent,
                                   background_pixel=background_for(probe, args.color), event_mask=mask)
    set_toplevel_properties(probe, win, args.title, args.instance or args.wm_class, args.wm_class, True)
    wm_protocols, wm_delete = probe.atom("WM_PROTOCOLS"), probe.atom("WM_DELETE_WINDOW")
    net_wm_state = probe.atom("_NET_WM_STATE")
    win.map()
    probe.waiting_for = "MapNotify of the window"
    pending = []
    while True:
        ev = probe.next_event()
        if ev.type == X.MapNotify and wid(ev.window) == win.id:
            break
        if ev.type == X.FocusIn:
            pending.append(ev)  # reported after ready, in order
    probe.emit_ready(window=win.id, title=args.title, **probe.geometry_of(win))

    def handle(ev):
        t = ev.type
        if t == X.ConfigureNotify and wid(ev.window) == win.id:
            x, y = probe.root_position(win)
            emit({"event": "configure", "x": x, "y": y, "width": ev.width, "height": ev.height,
                  "synthetic": bool(ev.send_event)})
        elif t == X.FocusIn and wid(ev.window) == win.id and ev.detail not in (
                X.NotifyPointer, X.NotifyPointerRoot, X.NotifyDetailNone):
            emit(focus_line("focus_in", ev))
        elif t == X.FocusOut and wid(ev.window) == win.id and ev.detail not in (
                X.NotifyPointer, X.NotifyPointerRoot, X.NotifyDetailNone):
            emit(focus_line("focus_out", ev))
        elif t == X.MapNotify and wid(ev.window) == win.id:
            emit({"event": "map"})
        elif t == X.UnmapNotify and wid(ev.window) == win.id:
            emit({"event": "unmap"})
        elif t == X.PropertyNotify and wid(ev.window) == win.id and ev.atom == net_wm_state:
            prop = win.get_full_property(net_wm_state, Xatom.ATOM)
            atoms = list(prop.value) if prop is not None else []
            emit({"event": "wm_state", "state": [probe.atom_name(a) for a in atoms]})
        elif t == X.ClientMessage and wid(ev.window) == win.id and ev.client_type == wm_protocols \
                and ev.data[1][0] == wm_delete:
            emit({"event": "delete_window"})
            raise Finish("delete_window")
        elif t == X.DestroyNotify and wid(ev.window) == win.id:
            emit({"event": "destroyed"})
            raise Finish("window_destroyed")

    for ev in pending:
        handle(ev)
    while True:
        handle(probe.next_event())


def mode_clipboard_own(probe, args) -> int:
    d = probe.d
    selection = selection_atom(probe, args.selection)
    targets, timestamp = probe.atom("TARGETS"), probe.atom("TIMESTAMP")
    utf8, text_atom, incr = probe.atom("UTF8_STRING"), probe.atom("TEXT"), probe.atom("INCR")
    if args.text_file is not None:
        try:
            with open(args.text_file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ProbeError("cannot read --text-file: %s" % exc)
    else:
        text = args.text
    data_utf8 = text.encode("utf-8")
    data_latin1 = text.encode("latin-1", "replace")
    max_bytes = d.display.info.max_request_length * 4 - 64
    chunk = min(args.incr_chunk, max_bytes) if args.incr_chunk > 0 else max_bytes

    win = probe.root.create_window(-10, -10, 1, 1, 0, X.CopyFromParent, X.InputOutput, X.CopyFromParent,
                                   event_mask=X.PropertyChangeMask)
    win.change_property(Xatom.WM_NAME, Xatom.STRING, 8, b"x11-probe clipboard-own")
    win.set_wm_class("x11-probe", "X11Probe")
    probe.waiting_for = "a server timestamp"
    own_time = probe.server_time(win)
    win.set_selection_owner(selection, own_time)
    if wid(d.get_selection_owner(selection)) != win.id:
        raise ProbeError("could not own selection %s" % args.selection)
    owned = True
    probe.emit_ready(window=win.id, selection=args.selection, time=own_time)

    transfers = {}  # (requestor id, property) -> [window, type, data, offset]

    def send_data(requestor, prop, type_atom, data) -> bool:
        if len(data) <= chunk:
            requestor.change_property(prop, type_atom, 8, data, onerror=xerror.CatchError())
            return False
        requestor.change_attributes(event_mask=X.PropertyChangeMask, onerror=xerror.CatchError())
        requestor.change_property(prop, incr, 32, [len(data)], onerror=xerror.CatchError())
        transfers[(requestor.id, prop)] = [requestor, type_atom, data, 0]
        return True

    def handle_request(ev):
        prop = ev.property or ev.target  # obsolete requestors pass None
        requestor = ev.requestor
        ok = owned and ev.selection == selection and (ev.time == X.CurrentTime or ev.time >= own_time)
        used_incr = False
        if ok:
            if ev.target == targets:
                requestor.change_property(prop, Xatom.ATOM, 32, [targets, timestamp, utf8, Xatom.STRING, text_atom],
                                          onerror=xerror.CatchError())
            elif ev.target == timestamp:
                requestor.change_property(prop, Xatom.INTEGER, 32, [own_time], onerror=xerror.CatchError())
            elif ev.target in (utf8, text_atom):
                used_incr = send_data(requestor, prop, utf8, data_utf8)
            elif ev.target == Xatom.STRING:
                used_incr = send_data(requestor, prop, Xatom.STRING, data_latin1)
            else:
                ok = False
        notify = xevent.SelectionNotify(time=ev.time, requestor=requestor, selection=ev.selection,
                                        target=ev.target, property=prop if ok else X.NONE)
        requestor.send_event(notify, event_mask=0, onerror=xerror.CatchError())
        d.flush()
        line = {"event": "selection_request", "target": probe.atom_name(ev.target), "requestor": requestor.id,
                "property": probe.atom_name(prop), "refused": not ok}
        if used_incr:
            line["incr"] = True
        emit(line)

    def continue_incr(ev):
        key = (wid(ev.window), ev.atom)
        transfer = transfers.get(key)
        if transfer is None or ev.state != X.PropertyDelete:
            return
        requestor, type_atom, data, offset = transfer
        piece = data[offset:offset + chunk]
        requestor.change_property(ev.atom, type_atom, 8, piece, onerror=xerror.CatchError())
        transfer[3] = offset + len(piece)
        if not piece:  # zero-length property written: transfer complete
            del transfers[key]
            if not any(k[0] == key[0] for k in transfers):
                requestor.change_attributes(event_mask=0, onerror=xerror.CatchError())

    while True:
        ev = probe.next_event()
        if ev.type == X.SelectionRequest and wid(ev.owner) == win.id:
            handle_request(ev)
        elif ev.type == X.SelectionClear and wid(ev.window) == win.id and ev.atom == selection:
            owned = False
            emit({"event": "selection_clear", "time": ev.time})
        elif ev.type == X.PropertyNotify and transfers:
            continue_incr(ev)


def decode_text(probe, type_atom: int, fmt: int, value):
    if fmt == 32 and type_atom == Xatom.ATOM:
        names = [probe.atom_name(a) for a in value]
        return "\n".join(n or "" for n in names), names
    if fmt != 8:
        return " ".join(str(v) for v in value), None
    data = bytes(value)
    if type_atom == Xatom.STRING:
        return data.decode("latin-1"), None
    return data.decode("utf-8", "replace"), None


def mode_clipboard_read(probe, args) -> int:
    d = probe.d
    selection = selection_atom(probe, args.selection)
    target = probe.atom(args.target)
    incr = probe.atom("INCR")
    prop = probe.atom("_X11_PROBE_SELECTION")
    win = probe.root.create_window(-10, -10, 1, 1, 0, X.CopyFromParent, X.InputOutput, X.CopyFromParent,
                                   event_mask=X.PropertyChangeMask)
    win.change_property(Xatom.WM_NAME, Xatom.STRING, 8, b"x11-probe clipboard-read")
    win.set_wm_class("x11-probe", "X11Probe")
    probe.emit_ready(window=win.id, selection=args.selection, target=args.target)
    base = {"event": "clipboard", "selection": args.selection, "target": args.target}

    owner = wid(d.get_selection_owner(selection))
    if not owner:
        emit(dict(base, text=None, owner=None))
        return 0
    try:
        stamp = probe.server_time(win)
        win.convert_selection(selection, target, prop, stamp)
        d.flush()
        while True:
            ev = probe.next_event()
            if ev.type == X.SelectionNotify and wid(ev.requestor) == win.id and ev.selection == selection:
                break
        if not ev.property:
            emit(dict(base, text=None, owner=owner))
            return 0
        reply = win.get_property(ev.property, X.AnyPropertyType, 0, 1 << 28, True)
        if reply is None or not reply.property_type:
            emit(dict(base, text=None, owner=owner, error="no property"))
            return 0
        used_incr = reply.property_type == incr
        if used_incr:
            # The get_property above deleted the INCR property: the owner now sends chunks;
            # each NewValue is read and deleted, a zero-length one ends the transfer.
            chunks, type_atom, fmt = [], None, 8
            while True:
                ev = probe.next_event()
                if ev.type != X.PropertyNotify or wid(ev.window) != win.id or ev.atom != prop \
                        or ev.state != X.PropertyNewValue:
                    continue
                piece = win.get_property(prop, X.AnyPropertyType, 0, 1 << 28, True)
                if piece is None or len(piece.value) == 0:
                    if piece is not None and piece.property_type:
                        type_atom = type_atom or piece.property_type
                    break
                type_atom, fmt = piece.property_type, piece.format
                chunks.append(bytes(piece.value) if fmt == 8 else list(piece.value))
            value = b"".join(chunks) if fmt == 8 else [v for c in chunks for v in c]
        else:
            type_atom, fmt, value = reply.property_type, reply.format, reply.value
        text, atoms = decode_text(probe, type_atom, fmt, value)
        line = dict(base, text=text, owner=owner, type=probe.atom_name(type_atom), incr=used_incr,
                    bytes=len(value) if fmt == 8 else len(value) * fmt // 8)
        if atoms is not None:
            line["atoms"] = atoms
        emit(line)
        return 0
    except Finish as finish:
        if finish.reason != "timeout":
            raise
        emit(dict(base, text=None, owner=owner, error="timeout"))
        log("selection owner 0x%x did not answer within %ss" % (owner, args.timeout))
        return 2


MODES = {
    "paint": mode_paint,
    "record": mode_record,
    "window": mode_window,
    "clipboard-own": mode_clipboard_own,
    "clipboard-read": mode_clipboard_read,
}


# ---------------------------------------------------------------------------
# Command line

def build_parser() -> argparse.ArgumentParser:
    def add_common(p, suppress):
        default = (lambda value: argparse.SUPPRESS) if suppress else (lambda value: value)
        p.add_argument("--display", default=default(None), help="X display (default: $DISPLAY)")
        p.add_argument("--timeout", type=float, default=default(60.0),
                       help="exit after SECONDS (default 60; 0 = never)")
        p.add_argument("--no-stdin", action="store_true", default=default(False),
                       help="do not exit on stdin EOF")

    parser = argparse.ArgumentParser(prog="x11_probe.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common(parser, False)
    common = argparse.ArgumentParser(add_help=False)
    add_common(common, True)
    sub = parser.add_subparsers(dest="mode", required=True, metavar="MODE")

    p = sub.add_parser("paint", parents=[common], help="override-redirect windows of solid colour")
    p.add_argument("--rect", action="append", default=[], metavar="X,Y,W,H,RRGGBB")
    p.add_argument("--cursor", type=int, default=None, metavar="GLYPH",
                   help="the windows' pointer shape, a glyph of the cursor font (34 crosshair, 150 watch)")

    p = sub.add_parser("record", parents=[common], help="a focused window that reports its input")
    p.add_argument("--geometry", default="400x300+100+100", metavar="WxH+X+Y")
    p.add_argument("--title", default="x11-probe record")
    p.add_argument("--override-redirect", action="store_true")
    p.add_argument("--color", default="ffffff", metavar="RRGGBB", help="background (default ffffff)")

    p = sub.add_parser("window", parents=[common], help="a WM-managed top-level window")
    p.add_argument("--title", required=True)
    p.add_argument("--geometry", default="400x300+100+100", metavar="WxH+X+Y")
    p.add_argument("--class", dest="wm_class", default="X11Probe", metavar="C",
                   help="WM_CLASS class (default X11Probe)")
    p.add_argument("--instance", default=None, help="WM_CLASS instance (default: same as --class)")
    p.add_argument("--color", default="c0c0c0", metavar="RRGGBB", help="background (default c0c0c0)")

    p = sub.add_parser("clipboard-own", parents=[common], help="own a selection and serve text")
    p.add_argument("--selection", choices=("clipboard", "primary", "secondary"), default="clipboard")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text")
    source.add_argument("--text-file", metavar="PATH", help="UTF-8 file with the text (for texts too long for argv)")
    p.add_argument("--incr-chunk", type=int, default=0, metavar="BYTES",
                   help="serve texts longer than BYTES with INCR (default: the maximum request size)")

    p = sub.add_parser("clipboard-read", parents=[common], help="read a selection once")
    p.add_argument("--selection", choices=("clipboard", "primary", "secondary"), default="clipboard")
    p.add_argument("--target", default="UTF8_STRING")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass
    probe = None
    try:
        probe = Probe(args)
        return MODES[args.mode](probe, args) or 0
    except Finish as finish:
        if probe is not None and probe.ready:
            emit({"event": "exit", "reason": finish.reason})
            return 0
        if finish.reason == "timeout":
            log("timed out after %ss before ready (waiting for %s)" % (args.timeout, probe.waiting_for))
            return 2
        return 0
    except ProbeError as exc:
        log(str(exc))
        return 2
    except BrokenPipeError:
        return 2
    except xerror.ConnectionClosedError as exc:
        log("X connection closed: %s" % exc)
        if probe is not None and probe.ready:
            emit({"event": "exit", "reason": "x_connection_closed"})
        return 2
    except Exception as exc:  # ConnectionClosedError (X server gone, XKillClient), XError, ...
        log("%s: %s" % (type(exc).__name__, exc))
        if probe is not None and probe.ready:
            try:
                emit({"event": "exit", "reason": "error", "error": "%s: %s" % (type(exc).__name__, exc)})
            except Exception:
                pass
        return 2
    finally:
        if probe is not None:
            try:
                probe.d.close()
            except Exception:
                pass


if __name__ == "__main__":
    sys.exit(main())
