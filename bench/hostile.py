#!/usr/bin/env python3
"""Hostile uploads against one running instance, and its peak memory.

Driven by bench/hostile. Sends, in parallel bursts: PNG headers claiming
11,000 × 3,600 pixels to the public misuse form (refused from the header);
real 30-megapixel photos (each decoded within the shared photo budget);
spreadsheets that unpack to 1 GB to the office's import (refused by
measuring, before parsing); 30 misuse reports at once from one sender. Then
reads the server's peak resident memory (VmHWM) and fails above the budget.
Standard library only; the photos and workbooks are made here.
"""
import argparse, concurrent.futures, http.client, io, json, struct, sys, urllib.parse, uuid, zipfile, zlib

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--pid", type=int, required=True)
p.add_argument("--user", required=True)
p.add_argument("--password", required=True)
p.add_argument("--budget-mb", type=int, default=500)
a = p.parse_args()
u = urllib.parse.urlparse(a.base)


def req(method, path, body=b"", headers=None):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("set-cookie") or "", data


def multipart(fields, file=None):
    b = uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    if file:
        name, data = file
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  f'Content-Type: application/octet-stream\r\n\r\n'.encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={b}"


def png(width, height, rows=None):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = rows if rows is not None else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def real_png(width, height):
    # A whole image of one colour: tiny to send, width × height to decode.
    row = b"\x00" + b"\x80\x60\x40" * width
    return png(width, height, row * height)


def xlsx_bomb(inflated_mb):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        chunk = b"<row/>" * (1024 * 1024 // 6)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for _ in range(inflated_mb):
                f.write(chunk)
    return out.getvalue()


def report(sender, file=None):
    body, ctype = multipart({"product": "Mật ong giả", "description": "Tem OCOP giả trên chai mật ong"}, file)
    return req("POST", "/phan-anh", body, {"Content-Type": ctype, "X-Forwarded-For": sender})[0]


def burst(fn, n):
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as ex:
        return sorted(f.result() for f in [ex.submit(fn, i) for i in range(n)])


results = {}
bomb = png(11000, 3600)
results["pixel_bomb_png_bytes"] = len(bomb)
results["pixel_bombs_12_parallel"] = burst(lambda i: report(f"10.1.0.{i}", ("bom.png", bomb)), 12)
big = real_png(6000, 5000)
results["photo_30mp_png_bytes"] = len(big)
results["real_30mp_photos_12_parallel"] = burst(lambda i: report(f"10.2.0.{i}", ("anh.png", big)), 12)
results["same_sender_30_parallel"] = burst(lambda i: report("10.3.0.1"), 30)
s, cookie, _ = req("POST", "/dang-nhap", urllib.parse.urlencode({"username": a.user, "password": a.password}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})
cookie = cookie.split(";")[0]
wb = xlsx_bomb(1024)
results["xlsx_bomb_bytes"] = len(wb)
def imp(i):
    body, ctype = multipart({"action": "thu"}, ("bom.xlsx", wb))
    return req("POST", "/quan-tri/nhap-du-lieu", body, {"Content-Type": ctype, "Cookie": cookie})[0]
results["xlsx_bombs_4_parallel"] = burst(imp, 4)
results["healthz_after"] = req("GET", "/healthz")[0]
hwm = 0
with open(f"/proc/{a.pid}/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) // 1024
results["peak_rss_mb"] = hwm
results["budget_mb"] = a.budget_mb
print(json.dumps(results, ensure_ascii=False, indent=2))
ok = (hwm <= a.budget_mb and results["healthz_after"] == 200
      and all(s == 422 for s in results["pixel_bombs_12_parallel"])
      and results["same_sender_30_parallel"].count(200) <= 5
      and all(s in (200, 422) for s in results["xlsx_bombs_4_parallel"]))
sys.exit(0 if ok else 1)
