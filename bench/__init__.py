# The bench's keys in a shared Redis database (bench/settings.py, bench/run.py).
REDIS_KEY_PREFIX = "medcms-bench"
