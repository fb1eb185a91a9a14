"""Units every output shares, defined once.

A GB is 10^9 bytes everywhere in migrate: transfer times, drill extrapolations, sizes read as bytes
(a database's maxSizeBytes, a storage account's UsedCapacity metric). Sizes Azure itself reports in
a field named GB (diskSizeGB, storageSizeGB, shareQuota) are taken as the number Azure gives, as
providers price them per GB; Azure counts those in GiB, so their byte count is up to 7.4 % higher
than the GB figure shows.
"""

BYTES_PER_GB = 10**9
BITS_PER_MEGABIT = 10**6
SECONDS_PER_DAY = 86_400
