"""`check --deploy` on a production server that keeps its cache or its jobs in-process: a
warning, unless ONE_SERVER=true says this server is the only one."""

from tests.manage_process import PRODUCTION_ENV, manage


def deploy_check(tmp_path, signing_pair, **env):
    key, cert = signing_pair
    return manage("check", "--deploy", "--fail-level", "WARNING", **{
        **PRODUCTION_ENV, "NOTE_SIGNING_KEY": str(key), "NOTE_SIGNING_CERT": str(cert),
        "REDIS_URL": "", "CELERY_BROKER_URL": "", "CACHE_URL": "", "ONE_SERVER": "", **env})


def test_production_without_redis_is_warned_of(tmp_path, signing_pair):
    result = deploy_check(tmp_path, signing_pair)
    assert result.returncode != 0
    assert "core.W001" in result.stderr and "core.W002" in result.stderr
    assert "ONE_SERVER=true" in result.stderr


def test_one_server_declared_passes(tmp_path, signing_pair):
    result = deploy_check(tmp_path, signing_pair, ONE_SERVER="true")
    assert result.returncode == 0, result.stderr


def test_redis_for_cache_and_jobs_passes(tmp_path, signing_pair):
    redis = "redis://cache.internal:6379/0"  # not reached: the check reads the settings only
    result = deploy_check(tmp_path, signing_pair, REDIS_URL=redis, CELERY_BROKER_URL=redis)
    assert result.returncode == 0, result.stderr


def test_a_shared_cache_without_a_broker_is_still_warned_of(tmp_path, signing_pair):
    result = deploy_check(tmp_path, signing_pair, CACHE_URL="dbcache://backpain_cache")
    assert "core.W001" not in result.stderr and "core.W002" in result.stderr


def test_development_is_not_concerned(settings):
    from backpain.core.checks import one_server_check

    settings.PRODUCTION = False
    assert one_server_check(None) == []
