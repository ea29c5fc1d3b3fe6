export { describeAdapterBehaviours } from "./describeAdapterBehaviours.js";
export type {
  AdapterDriver,
  DownloadControls,
  DownloadView,
  InfiniteControls,
  InfiniteView,
  LatestParams,
  ListControls,
  ListView,
  Mounted,
  QueryView,
} from "./driver.js";
