import { badInputShard } from "./bad-input-battery";

// Part 1 of the bad-input battery (tests/integration/robustness/bad-input-battery.ts).
badInputShard(1);
