// SPDX-License-Identifier: Apache-2.0
// fuzz_keys.hpp — the keys of fuzz_minisign_verify: made once for fuzzing (the seeds in
// seeds/minisign_verify/ are signed with the first). Test keys, not secret, trusted nowhere.
#pragma once

// The key the target trusts, and its secret half (unencrypted, as `minisign -G -W` writes it).
inline constexpr const char* kFuzzPublicKey =
    "untrusted comment: minisign public key 90FB187D538A8018\n"
    "RWQYgIpTfRj7kL1UEeK/62/U7JseOHUPb8tfX+Ny/v3KXTc4exd355PQ\n";
inline constexpr const char* kFuzzSecretKey =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGICKU30Y+5AClWj8DpGVtW54noGQoz4NuAebe1baXeLx/JEo8CXo+r1UEeK/62/U7JseOHUPb8tfX+Ny/v3KXTc4exd355PQn7Pe4b15TPn92ddUUIvCTsEcAP3aXry2Sq/nctB+LKc=\n";
// Another key (made by the stock minisign), never used to sign the seeds.
inline constexpr const char* kFuzzOtherPublicKey =
    "untrusted comment: minisign public key 15128ACF779372F8\n"
    "RWT4cpN3z4oSFSyeUnTfUD1jI//41bPmEtGurHQj2wfssDVQ9PSkGTQF\n";
