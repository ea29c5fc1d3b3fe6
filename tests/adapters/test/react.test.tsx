import { describeAdapterBehaviours } from "../src/index.js";
import { reactDriver } from "./drivers/react-driver.js";

describeAdapterBehaviours(reactDriver);
