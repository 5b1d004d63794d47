"""A local S3-compatible object store (moto's server mode) on a free loopback port, and the
storage settings the app ships for an environment that points at one of its buckets."""

import contextlib
import http.client
import importlib.util
import os
from dataclasses import dataclass
from unittest import mock
from urllib.parse import urlsplit

import boto3
from moto.server import ThreadedMotoServer

from tests.production_path import PROJECT, free_port

# Any key pair works with moto; the app must still send one (nothing is anonymous).
CREDENTIALS = {"S3_ACCESS_KEY_ID": "backpain-test", "S3_SECRET_ACCESS_KEY": "backpain-test-secret",
               "S3_REGION": "us-east-1"}


@dataclass
class S3Server:
    endpoint: str

    def environment(self, bucket: str, **more) -> dict:
        """The app's environment variables for files in `bucket` (settings.file_storage)."""
        return {"STORAGE_BACKEND": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": self.endpoint,
                **CREDENTIALS, **more}

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint,
                            aws_access_key_id=CREDENTIALS["S3_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["S3_SECRET_ACCESS_KEY"],
                            region_name=CREDENTIALS["S3_REGION"])

    def create_bucket(self, bucket: str):
        self.client().create_bucket(Bucket=bucket)

    def keys(self, bucket: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def content(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def anonymous_status(self, url: str) -> int:
        """The HTTP status of a GET without credentials, as anyone on the network sends it."""
        address = urlsplit(url)
        connection = http.client.HTTPConnection(address.netloc, timeout=10)
        try:
            connection.request("GET", address.path + (f"?{address.query}" if address.query else ""))
            return connection.getresponse().status
        finally:
            connection.close()


@contextlib.contextmanager
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        server.stop()


def shipped_storages(environment: dict) -> dict:
    """STORAGES as backpain/settings.py builds it when the process starts with `environment`:
    the settings file is executed afresh, so the configuration tested is the one shipped."""
    spec = importlib.util.spec_from_file_location("backpain_settings_under_test",
                                                  PROJECT / "backpain" / "settings.py")
    assert spec and spec.loader
    settings = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, environment):
        spec.loader.exec_module(settings)
    return settings.STORAGES
