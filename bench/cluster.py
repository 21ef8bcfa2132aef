#!/usr/bin/env python3
"""Mixed load through nginx in front of several OCOP instances, with faults.

Driven by bench/cluster (which starts PostgreSQL's database, the instances
and nginx). Workers read portal pages, sign in, write points of sale (as a
producer) and send misuse reports; half-way an instance is killed with
SIGKILL and every PostgreSQL connection of the database is terminated; the
instance is started again. At the end the script checks, against the
database itself: acknowledged writes lost (must be 0), sessions that
survived (must be all), jobs run twice (must be 0). Standard library only.
"""
import argparse, collections, http.client, json, random, subprocess, sys, threading, time, urllib.parse, uuid

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--seconds", type=float, default=60)
p.add_argument("--workers", type=int, default=16)
p.add_argument("--user", default="demo-chu-the")
p.add_argument("--password", required=True)
p.add_argument("--producer", default="htx-nong-nghiep-cong-bang-thuan-an")
p.add_argument("--psql", required=True, help="psql connection string of the database")
p.add_argument("--fault", action="append", default=[], help="shell command run half-way (in order)")
p.add_argument("--after-fault", action="append", default=[], help="shell command run a few seconds after the faults")
p.add_argument("--report", default="")
a = p.parse_args()

u = urllib.parse.urlparse(a.base)
HOST, PORT = u.hostname, u.port
READS = ["/", "/san-pham", "/san-pham/ca-phe-bot-dak-dam", "/tim-kiem?q=ca+phe", "/api/v1/products?q=mat+ong",
         "/kiem-tra-sao?q=ca+phe", "/chu-the/htx-nong-nghiep-cong-bang-thuan-an", "/bo-tieu-chi"]

lock = threading.Lock()
counts = collections.Counter()
acked_points, acked_reports, sessions = [], [], []
stop = threading.Event()


def request(conn, method, path, body=None, headers=None):
    h = {"Host": f"{HOST}:{PORT}"}
    h.update(headers or {})
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    return r.status, r.getheader("set-cookie") or "", data


def multipart(fields):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


def sign_in(conn):
    body = urllib.parse.urlencode({"username": a.user, "password": a.password, "tiep": "/quan-tri"})
    s, cookie, _ = request(conn, "POST", "/dang-nhap", body,
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "X-Forwarded-For": f"10.9.{random.randrange(250)}.{random.randrange(250)}"})
    return s, (cookie.split(";")[0] if s == 303 and cookie else None)


def worker(n):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    cookie = None
    i = 0
    while not stop.is_set():
        i += 1
        roll = random.random()
        # Misuse reports are few: the province takes 500 a day from everyone
        # together, and the cap holds across instances (429 beyond it).
        kind = "read" if roll < 0.72 else "sign_in" if roll < 0.80 else "point" if roll < 0.96 else "report"
        try:
            if kind == "read":
                s, _, _ = request(conn, "GET", random.choice(READS))
            elif kind == "sign_in" or cookie is None:
                kind = "sign_in"
                s, c = sign_in(conn)
                if c:
                    cookie = c
                    with lock:
                        sessions.append(c)
            elif kind == "point":
                name = f"Điểm bán tải {n}-{i}-{uuid.uuid4().hex[:6]}"
                body = urllib.parse.urlencode({"kind": "shop", "name": name, "address": "1 Đường thử tải",
                                               "commune": "", "phone": "", "coordinates": ""})
                s, _, _ = request(conn, "POST", f"/quan-tri/chu-the/{a.producer}/noi-ban", body,
                                  {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                if s == 303:
                    with lock:
                        acked_points.append(name)
            else:
                text = f"Hàng giả tải {n}-{i}-{uuid.uuid4().hex[:6]}"
                body, ctype = multipart({"product": text, "description": "Tem OCOP giả trong thử tải"})
                s, _, _ = request(conn, "POST", "/phan-anh", body,
                                  {"Content-Type": ctype,
                                   "X-Forwarded-For": f"10.{n}.{i % 250}.{random.randrange(250)}"})
                if s == 200:
                    with lock:
                        acked_reports.append(text)
            with lock:
                counts[(kind, s)] += 1
        except Exception as e:  # connection reset by a killed instance, time-outs
            with lock:
                counts[(kind, type(e).__name__)] += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, PORT, timeout=30)


def psql(sql):
    out = subprocess.run(["psql", a.psql, "-At", "-c", sql], capture_output=True, text=True, check=True)
    return out.stdout.strip()


threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(a.workers)]
t0 = time.time()
for t in threads:
    t.start()
time.sleep(a.seconds / 2)
faults = []
for cmd in a.fault:
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    faults.append({"at_s": round(time.time() - t0, 1), "command": cmd, "exit": r.returncode})
time.sleep(min(5, a.seconds / 4))
for cmd in a.after_fault:
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    faults.append({"at_s": round(time.time() - t0, 1), "command": cmd, "exit": r.returncode})
time.sleep(max(0, t0 + a.seconds - time.time()))
stop.set()
for t in threads:
    t.join(timeout=40)
elapsed = time.time() - t0

# Checks, against the database and the running cluster.
stored_points = set(psql("SELECT name FROM points_of_sale").splitlines())
lost_points = [n for n in acked_points if n not in stored_points]
stored_reports = set(psql("SELECT product_text FROM misuse_reports").splitlines())
lost_reports = [t for t in acked_reports if t not in stored_reports]
conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
dead = 0
for c in sessions:
    s, _, _ = request(conn, "GET", "/quan-tri", headers={"Cookie": c})
    if s != 200:
        dead += 1
twice = int(psql("SELECT count(*) - count(DISTINCT username || '|' || subject || '|' || body) FROM notifications") or 0)

by_kind = collections.defaultdict(dict)
for (kind, s), n in sorted(counts.items(), key=lambda x: (x[0][0], str(x[0][1]))):
    by_kind[kind][str(s)] = n
served = sum(counts.values())
errors = {f"{k}:{s}": n for (k, s), n in counts.items()
          if not (isinstance(s, int) and s in (200, 303))}
report = {
    "seconds": round(elapsed, 1),
    "requests": served,
    "requests_per_second": round(served / elapsed, 1),
    "by_kind": by_kind,
    "errors": errors,
    "acknowledged_writes": len(acked_points) + len(acked_reports),
    "acknowledged_writes_lost": len(lost_points) + len(lost_reports),
    "sessions": len(sessions),
    "sessions_lost": dead,
    "jobs_run_twice": twice,
    "faults": faults,
}
text = json.dumps(report, ensure_ascii=False, indent=2)
print(text)
if a.report:
    with open(a.report, "w") as f:
        f.write(text)
ok = report["acknowledged_writes_lost"] == 0 and dead == 0 and twice == 0 and report["acknowledged_writes"] > 0
sys.exit(0 if ok else 1)
