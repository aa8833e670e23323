import { badInputShard } from "./bad-input-battery";

// Part 3 of the bad-input battery (tests/integration/robustness/bad-input-battery.ts).
badInputShard(3);
