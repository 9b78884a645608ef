export { type RunningSim, startPlatformSim as startSim } from "@postd/testing";
