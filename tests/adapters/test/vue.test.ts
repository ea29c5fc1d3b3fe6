import { describeAdapterBehaviours } from "../src/index.js";
import { vueDriver } from "./drivers/vue-driver.js";

describeAdapterBehaviours(vueDriver);
