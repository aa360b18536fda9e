"""A real SMTP server for primed's tests: aiosmtpd on loopback, requiring
STARTTLS, saving each message it accepts into a folder. With --stop-after N
it dies abruptly when the message after the Nth arrives, before answering,
as a server killed halfway through a run would."""

import argparse
import os
import ssl
import threading

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--stop-after", type=int, default=0)
args = parser.parse_args()


class Handler:
    def __init__(self):
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        if args.stop_after and self.accepted >= args.stop_after:
            os._exit(3)
        self.accepted += 1
        name = os.path.join(args.out, "%d-%d.eml" % (os.getpid(), self.accepted))
        with open(name, "wb") as f:
            f.write(envelope.original_content)
        return "250 OK"


tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(args.cert, args.key)
controller = Controller(Handler(), hostname="127.0.0.1", port=args.port, tls_context=tls, require_starttls=True)
controller.start()
print("ready", flush=True)
threading.Event().wait()
