// A consumer of the record add-on found by find_package(seedkit COMPONENTS
// record): a manifest round trip through its JSON text.
#include <seedkit/record/record.hpp>

#include <cstdio>  // printf

int main() {
  seedkit::init(12321);
  (void)seedkit::stream_for("data/shuffle");
  const seedkit::manifest m = seedkit::manifest::capture();
  const seedkit::manifest back = seedkit::manifest::from_json(m.to_json(), "consumer");
  std::printf("seedkit::record consumer: master seed %llu, %zu stream(s)\n",
              static_cast<unsigned long long>(back.master_seed), back.streams.size());
  return back.master_seed == 12321 && back.streams.size() == 1 ? 0 : 1;
}
